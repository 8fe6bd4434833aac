package io.fleetloop.platform.admin;

import io.fleetloop.platform.support.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every console browser test does on the page: log in, open a section, confirm a dialog, read text that is live. */
final class ConsolePage {

    private final String consoleUrl;
    private final Duration atMost;
    private WebDriver browser;

    ConsolePage(WebDriver browser, String baseUrl, Duration atMost) {
        this.browser = browser;
        this.consoleUrl = baseUrl + "/console";
        this.atMost = atMost;
    }

    /** The browser in use: a new one when the old one crashed while logging in. */
    WebDriver browser() {
        return browser;
    }

    /** Logs in with the token on a fresh page and waits until the page names the caller's tenant. */
    void login(String token, String tenant) {
        try {
            browser.get(consoleUrl);
        } catch (WebDriverException e) {
            // the OOM killer of a machine short of memory picks Chromium's renderers first: a new browser, once
            String why = String.valueOf(e.getMessage());
            if (!why.contains("crashed") && !why.contains("disconnected") && !why.contains("not reachable")) throw e;
            browser = Browser.restart();
            browser.get(consoleUrl);
        }
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("login-button")).click();
        await().atMost(atMost).ignoreExceptions().until(() -> browser.findElement(By.id("nav")).isDisplayed() && text("#whoami").contains(tenant));
    }

    void section(String name) {
        browser.findElement(By.cssSelector("#nav button[data-section='" + name + "']")).click();
        await().atMost(atMost).until(() -> browser.findElement(By.id(name)).isDisplayed());
    }

    /** Waits for the confirmation dialog, checks what it asks and confirms it. */
    void confirm(String expected) {
        await().atMost(atMost).until(() -> browser.findElement(By.id("confirm")).isDisplayed());
        assertThat(text("#confirm-text")).contains(expected);
        browser.findElement(By.id("confirm-ok")).click();
    }

    /** Live tables are replaced every 2 s: an element found a moment ago may be stale, so look again. */
    String text(String css) {
        return retry(() -> browser.findElement(By.cssSelector(css)).getText());
    }

    <T> T retry(Callable<T> find) {
        return await().atMost(atMost).ignoreExceptions().until(find, Objects::nonNull);
    }
}
