package io.fleetloop.platform.support;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One headless Chromium per test JVM, driven by Debian's chromium-driver ({@code ./test.sh} installs {@code chromium} and
 * {@code chromium-driver} when missing). Nothing is downloaded: the driver and browser paths are given, so Selenium Manager
 * is not asked. When the browser cannot start, the test using it fails — it is never skipped.
 */
public final class Browser {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static ChromeDriver shared;

    private Browser() {
    }

    /**
     * Quits the shared browser and starts a new one: on a machine short of memory the kernel's OOM killer picks Chromium's
     * renderers first (their oom_score_adj is high), after which the old session only answers "tab crashed".
     */
    public static synchronized ChromeDriver restart() {
        if (shared != null) {
            try {
                shared.quit();
            } catch (RuntimeException gone) {
                // already dead
            }
            shared = null;
        }
        return shared();
    }

    public static synchronized ChromeDriver shared() {
        if (shared == null) {
            if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
                throw new AssertionError("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + ": run ./test.sh (it installs the Debian packages chromium and chromium-driver) or apt-get install chromium chromium-driver");
            }
            Path profile;
            try {
                profile = Files.createTempDirectory("fleetloop-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1600,1200", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            shared = driver;
            Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
        }
        return shared;
    }
}
