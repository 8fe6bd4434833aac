package io.fleetloop.platform.axon;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's time limits on units of work behave as Axon's: a unit of work past its timeout is interrupted and
 * fails as a timeout (also when a handler swallowed the interrupt), one that ended in time is never interrupted, and
 * nested units of work share their root's limit; the running platform uses them. Times asserted are lower bounds only.
 */
class TimeLimitsTest {

    private final TimeLimits.Watch watch = new TimeLimits.Watch(20);

    @AfterEach
    void close() {
        watch.close();
        Thread.interrupted();
    }

    @Test
    void aUnitOfWorkPastItsTimeoutIsInterruptedAndFailsAsATimeout() {
        long start = System.nanoTime();
        ResultMessage<?> result = run(new TaskTimeoutSettings(300, 100, 100), message -> {
            Thread.sleep(60_000);
            return "never";
        });
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(AxonTimeoutException.class).hasMessageContaining("UnitOfWork of test");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
        assertThat(watch.running()).isZero();
    }

    @Test
    void anInterruptTheHandlerSwallowedStillFailsTheUnitOfWork() {
        ResultMessage<?> result = run(new TaskTimeoutSettings(200, -1, 1000), message -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException swallowed) {
                // as Axon's logging error handler does
            }
            return "went on";
        });
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(AxonTimeoutException.class);
    }

    @Test
    void aUnitOfWorkThatEndedInTimeIsNeverInterrupted() {
        ResultMessage<?> result = run(new TaskTimeoutSettings(300, 100, 100), message -> "done");
        assertThat(result.isExceptional()).isFalse();
        assertThat(result.getPayload()).isEqualTo("done");
        assertThat(watch.running()).as("the limit ended with the commit").isZero();
        Thread worker = Thread.currentThread();
        // past the timeout: an interrupt that was still due would arrive meanwhile
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> !worker.isInterrupted());
    }

    @Test
    void nestedUnitsOfWorkShareTheirRootsLimit() {
        AtomicInteger runningInside = new AtomicInteger(-1);
        TaskTimeoutSettings settings = new TaskTimeoutSettings(10_000, 5_000, 1_000);
        ResultMessage<?> result = run(settings, outer -> {
            ResultMessage<?> inner = run(settings, message -> {
                runningInside.set(watch.running());
                return "inner";
            });
            return inner.getPayload();
        });
        assertThat(result.getPayload()).isEqualTo("inner");
        assertThat(runningInside.get()).isEqualTo(1);
        assertThat(watch.running()).isZero();
    }

    @Test
    void withoutATimeoutOnlyWarningsAreDueAndWithoutEitherNothingIsWatched() {
        AtomicInteger runningInside = new AtomicInteger(-1);
        ResultMessage<?> warned = run(new TaskTimeoutSettings(-1, 50, 50), message -> {
            runningInside.set(watch.running());
            Thread.sleep(300); // several warnings fall due meanwhile, no interrupt
            return "done";
        });
        assertThat(warned.isExceptional()).isFalse();
        assertThat(runningInside.get()).isEqualTo(1);

        ResultMessage<?> unwatched = run(new TaskTimeoutSettings(-1, -1, 1000), message -> {
            runningInside.set(watch.running());
            return "done";
        });
        assertThat(unwatched.getPayload()).isEqualTo("done");
        assertThat(runningInside.get()).isZero();
    }

    @Test
    void thePlatformPutsItsCommandsAndProcessorBatchesUnderTheseLimitsInsteadOfAxons() {
        RunningPlatform platform = RunningPlatform.shared();
        TimeLimits.Watch platformWatch = platform.bean(TimeLimits.Watch.class);
        assertThat(platform.hasBean("axonTimeoutConfigurerModule")).as("Axon's own time limits are not configured").isFalse();
        long before = platformWatch.started();
        Api api = platform.api("limits-" + UUID.randomUUID().toString().substring(0, 8));
        Ingestions.storeCredentials(api, "keys");
        Ingestions.createSource(api, "limits", "limits-bucket", "p/", "keys");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(platformWatch.started() - before).as("the command's unit of work and the processors' batches")
                        .isGreaterThanOrEqualTo(2));
    }

    private ResultMessage<?> run(TaskTimeoutSettings settings, MessageHandler<Message<?>> handler) {
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("work"));
        TimeLimits.Interceptor interceptor = new TimeLimits.Interceptor("test", settings, watch);
        DefaultInterceptorChain<Message<?>> chain = new DefaultInterceptorChain<>(unitOfWork, List.of(interceptor), handler);
        return unitOfWork.executeWithResult(chain::proceed);
    }
}
