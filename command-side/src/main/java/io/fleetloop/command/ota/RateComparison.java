package io.fleetloop.command.ota;

/**
 * One-sided exact conditional test of two Poisson rates (the rollout gate's test). Counts {@code xNew} over exposure
 * {@code eNew} km and {@code xOld} over {@code eOld} km; H0: {@code rateNew <= (1 + margin) * rateOld}. Conditional on
 * the total {@code n = xNew + xOld}, {@code xNew} is binomial with {@code p0 = eNew (1+m) / (eNew (1+m) + eOld)} at the
 * boundary of H0, so the p-value is the upper tail {@code P(X >= xNew)}, X ~ Binomial(n, p0) — exact for any count.
 */
public final class RateComparison {

    private RateComparison() {
    }

    public static double pValueWorse(long xNew, double eNew, long xOld, double eOld, double margin) {
        long n = xNew + xOld;
        if (n == 0 || xNew == 0) return 1.0;
        double p0 = eNew * (1 + margin) / (eNew * (1 + margin) + eOld);
        return binomialUpperTail(xNew, n, p0);
    }

    /**
     * The other side, for early promotion: H0 {@code rateNew >= (1 - margin) * rateOld}; at its boundary {@code xNew} is
     * binomial with {@code p0 = eNew (1-m) / (eNew (1-m) + eOld)} given the total, and the p-value is the lower tail
     * {@code P(X <= xNew)} (computed as the upper tail of {@code n - X} ~ Binomial(n, 1 - p0)).
     */
    public static double pValueBetter(long xNew, double eNew, long xOld, double eOld, double margin) {
        long n = xNew + xOld;
        if (n == 0 || xOld == 0) return 1.0;
        double p0 = eNew * (1 - margin) / (eNew * (1 - margin) + eOld);
        return binomialUpperTail(n - xNew, n, 1 - p0);
    }

    /** P(X >= k) for X ~ Binomial(n, p), summed in log space. */
    static double binomialUpperTail(long k, long n, double p) {
        if (k <= 0) return 1.0;
        if (k > n) return 0.0;
        if (p <= 0) return 0.0;
        if (p >= 1) return 1.0;
        double lnP = Math.log(p), lnQ = Math.log1p(-p);
        double lnChoose = 0; // ln C(n, k)
        for (long i = 1; i <= k; i++) lnChoose += Math.log((double) (n - k + i) / i);
        double sum = 0;
        double term = lnChoose + k * lnP + (n - k) * lnQ;
        for (long j = k; j <= n; j++) {
            sum += Math.exp(term);
            // C(n, j+1) / C(n, j) = (n - j) / (j + 1)
            term += Math.log((double) (n - j) / (j + 1)) + lnP - lnQ;
        }
        return Math.min(1.0, sum);
    }
}
