package io.fleetloop.platform.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat's own refusals — a request it rejects before Spring sees it (an encoded NUL or slash in the path, a malformed
 * header) — answer an RFC 9457 problem like every other refusal, instead of Tomcat's HTML error page. Installed as
 * the host's error report valve, replacing the one Spring Boot adds; errors Spring handles are not touched (the
 * response already has a body).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String title = StringManager.getManager("org.apache.catalina.valves").getString("http." + status + ".reason");
        if (title == null || title.startsWith("Cannot find message")) title = "Error";
        String detail = response.getMessage() == null || response.getMessage().isBlank()
                ? "The request was refused before it reached the application." : response.getMessage();
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status
                        + ",\"detail\":" + quote(detail) + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone: nothing to report to
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** Puts the valve on the host in place of any other error report valve (Spring Boot's included). */
    static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container parent = context.getParent();
                if (parent instanceof StandardHost host) host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                for (Valve valve : parent.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) parent.getPipeline().removeValve(valve);
                }
                ProblemErrorReportValve valve = new ProblemErrorReportValve();
                valve.setShowReport(false);
                valve.setShowServerInfo(false);
                parent.getPipeline().addValve(valve);
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
