package io.fleetloop.platform.axon;

import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.springboot.TimeoutProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.annotation.Nonnull;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Axon's time limits on units of work — a command's transaction, a processor's batch, a query, a deadline: a warning
 * after {@code warning-threshold-ms} (then every {@code warning-interval-ms}) and an interrupt after {@code timeout-ms},
 * configured as before under {@code axon.timeout.transaction} (and {@code axon.timeout.enabled}) — without Axon's cost
 * per unit of work. Axon's {@code UnitOfWorkTimeoutInterceptor} captures the thread's whole stack at every start (only
 * to shorten the stack its warnings print) and schedules and cancels a task on its janitor: in the all-roles 1-client
 * phase of the command-side bench that capture was 4 % of the platform's CPU (outside the JIT compilers), and 2.5 % of a
 * 100,000-device rollout. Here a unit of work's start is one entry in a set, and one watcher thread looks at the running
 * ones every {@value #WATCH_MILLIS} ms, so a warning or an interrupt comes up to that much later than configured.
 * The handler-level limits ({@code @MessageHandlerTimeout}, {@code axon.timeout.handler}) stay Axon's: only the
 * handlers that ask for one are wrapped (application.yml turns the per-handler defaults off).
 * Axon's own auto-configuration is excluded ({@code FleetloopApplication}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimeoutProperties.class)
@ConditionalOnProperty(prefix = "axon.timeout", name = "enabled", havingValue = "true", matchIfMissing = true)
class TimeLimits {

    static final long WATCH_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(TimeLimits.class);

    @Bean
    HandlerTimeoutHandlerEnhancerDefinition messageTimeoutHandlerEnhancerDefinition(TimeoutProperties properties) {
        return new HandlerTimeoutHandlerEnhancerDefinition(properties.getHandler().toMessageHandlerTimeoutConfiguration());
    }

    @Bean(destroyMethod = "close")
    Watch timeLimitWatch() {
        return new Watch(WATCH_MILLIS);
    }

    @Bean
    ConfigurerModule timeLimitsConfigurerModule(TimeoutProperties properties, Watch watch) {
        TimeoutProperties.TransactionTimeoutProperties transaction = properties.getTransaction();
        return new ConfigurerModule() {
            @Override
            public void configureModule(@Nonnull Configurer configurer) {
                configurer.eventProcessing().registerDefaultHandlerInterceptor((c, name) -> new Interceptor(
                        "EventProcessor " + name,
                        transaction.getEventProcessor().getOrDefault(name, transaction.getEventProcessors()), watch));
                // as Axon's module: the buses exist only once the configuration is built, which onInitialize would recurse into
                configurer.onStart(Integer.MIN_VALUE, () -> {
                    Configuration c = configurer.buildConfiguration();
                    c.commandBus().registerHandlerInterceptor(
                            new Interceptor(c.commandBus().getClass().getSimpleName(), transaction.getCommandBus(), watch));
                    c.queryBus().registerHandlerInterceptor(
                            new Interceptor(c.queryBus().getClass().getSimpleName(), transaction.getQueryBus(), watch));
                    c.deadlineManager().registerHandlerInterceptor(
                            new Interceptor(c.deadlineManager().getClass().getSimpleName(), transaction.getDeadline(), watch));
                });
            }

            @Override
            public int order() {
                return Integer.MIN_VALUE;
            }
        };
    }

    /**
     * Puts the root unit of work under a time limit, once (nested units of work share it), as Axon's
     * {@code UnitOfWorkTimeoutInterceptor} does: the limit ends after commit or at rollback; an interrupt that a handler
     * swallowed, or an exception caused by the interrupt, comes out as Axon's {@link AxonTimeoutException}.
     */
    static final class Interceptor implements MessageHandlerInterceptor<Message<?>> {

        private static final String RESOURCE_KEY = TimeLimits.class.getName() + ".task";

        private final String taskName;
        private final TaskTimeoutSettings settings;
        private final Watch watch;

        Interceptor(String componentName, TaskTimeoutSettings settings, Watch watch) {
            this.taskName = "UnitOfWork of " + componentName;
            this.settings = settings;
            this.watch = watch;
        }

        @Override
        public Object handle(@Nonnull UnitOfWork<? extends Message<?>> unitOfWork, @Nonnull InterceptorChain chain) throws Exception {
            UnitOfWork<?> root = unitOfWork.root();
            Task task = (Task) root.getResource(RESOURCE_KEY);
            if (task == null) {
                task = watch.start(taskName, settings);
                root.resources().put(RESOURCE_KEY, task);
                Task started = task;
                unitOfWork.afterCommit(u -> started.completeAfterCommit());
                unitOfWork.onRollback(u -> started.complete());
                unitOfWork.onCleanup(u -> started.complete()); // a unit of work that neither committed nor rolled back
            }
            try {
                Object result = chain.proceed();
                task.ensureNoInterruptionWasSwallowed();
                return result;
            } catch (Exception e) {
                throw task.interruptionInsteadOf(e);
            }
        }
    }

    /** The running time-limited units of work and the one thread that warns about and interrupts them. */
    static final class Watch implements AutoCloseable {

        private final Set<Task> running = ConcurrentHashMap.newKeySet();
        private final LongAdder started = new LongAdder();
        private final ScheduledExecutorService watcher;

        Watch(long periodMillis) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "fleetloop-time-limits");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(this::look, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }

        Task start(String name, TaskTimeoutSettings settings) {
            Task task = new Task(this, name, Thread.currentThread(), settings.getTimeoutMs(), settings.getWarningThresholdMs(),
                    settings.getWarningIntervalMs());
            if (task.limited()) running.add(task);
            started.increment();
            return task;
        }

        /** Units of work under a limit now. */
        int running() {
            return running.size();
        }

        /** Units of work started since the watch began. */
        long started() {
            return started.sum();
        }

        private void look() {
            long now = System.nanoTime();
            for (Task task : running) {
                try {
                    task.look(now);
                } catch (RuntimeException e) {
                    LOG.warn("Looking at {} failed", task.name, e);
                }
            }
        }

        @Override
        public void close() {
            watcher.shutdownNow();
        }
    }

    /**
     * One unit of work under a time limit. Axon's settings: a timeout below 0 never interrupts; warnings only with a
     * threshold of 0 or more and below the timeout (when there is one).
     */
    static final class Task {

        private final Watch watch;
        private final String name;
        private final Thread thread;
        private final long startNanos = System.nanoTime();
        private final long timeoutMillis;
        private final long warningIntervalMillis;
        private long nextWarningMillis;
        private boolean completed;
        private boolean interrupted;
        private boolean interruptedExternally;

        Task(Watch watch, String name, Thread thread, int timeoutMillis, int warningThresholdMillis, int warningIntervalMillis) {
            this.watch = watch;
            this.name = name;
            this.thread = thread;
            this.timeoutMillis = timeoutMillis;
            this.warningIntervalMillis = Math.max(1, warningIntervalMillis);
            boolean warns = warningThresholdMillis >= 0 && (timeoutMillis < 0 || warningThresholdMillis < timeoutMillis);
            this.nextWarningMillis = warns ? warningThresholdMillis : -1;
        }

        boolean limited() {
            return timeoutMillis >= 0 || nextWarningMillis >= 0;
        }

        synchronized boolean interrupted() {
            return interrupted;
        }

        /** The watcher's look: a warning when one is due, the interrupt once the timeout has passed. */
        synchronized void look(long nowNanos) {
            if (completed || interrupted) return;
            long taken = TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos);
            if (timeoutMillis >= 0 && taken >= timeoutMillis) {
                LOG.error("{} has exceeded its timeout of [{}ms]. Interrupting thread [{}].\nStack trace of that thread:\n{}",
                        name, timeoutMillis, thread.getName(), stack());
                interrupted = true;
                watch.running.remove(this);
                thread.interrupt();
            } else if (nextWarningMillis >= 0 && taken >= nextWarningMillis) {
                LOG.warn("{} on thread [{}] is taking a long time to process. Current time: [{}ms].{}\nStack trace of that thread:\n{}",
                        name, thread.getName(), taken, timeoutMillis >= 0 ? " Will be interrupted in [" + (timeoutMillis - taken) + "ms]." : "",
                        stack());
                nextWarningMillis = taken + warningIntervalMillis;
                if (timeoutMillis >= 0 && nextWarningMillis >= timeoutMillis) nextWarningMillis = -1;
            }
        }

        /**
         * Ends the limit. An interrupt the watcher sent while the unit of work was ending (after its last check for one)
         * is taken back here, on the unit's own thread, so it cannot fall on the thread's next work.
         */
        synchronized void complete() {
            completed = true;
            watch.running.remove(this);
            if (interrupted && Thread.currentThread() == thread) Thread.interrupted();
        }

        /** After commit: as Axon does, a swallowed interrupt still fails the caller; the limit ends either way. */
        void completeAfterCommit() {
            try {
                ensureNoInterruptionWasSwallowed();
            } catch (Exception e) {
                Exception thrown = interruptionInsteadOf(e);
                throw thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
            } finally {
                complete();
            }
        }

        /**
         * A handler that caught the interrupt and went on (as Axon's logging error handler does) completed normally: if
         * the watcher interrupted it, that is a timeout; if someone else interrupted the thread, an interruption.
         */
        void ensureNoInterruptionWasSwallowed() throws InterruptedException {
            if (interrupted()) {
                Thread.interrupted();
                throw new AxonTimeoutException(name + " has timed out");
            }
            if (Thread.interrupted()) {
                synchronized (this) {
                    interruptedExternally = true;
                }
                Thread.currentThread().interrupt();
                throw new InterruptedException(name + " was interrupted");
            }
        }

        /** The exception to throw for {@code e}: a timeout when the watcher interrupted the thread, else as it was. */
        Exception interruptionInsteadOf(Exception e) {
            boolean external;
            boolean timedOut;
            synchronized (this) {
                external = interruptedExternally;
                timedOut = interrupted;
            }
            if (external) {
                Thread.currentThread().interrupt();
                return e;
            }
            boolean threadInterrupted = Thread.interrupted();
            if (!threadInterrupted && !(e instanceof InterruptedException) && !timedOut) return e;
            if (timedOut) return new AxonTimeoutException(name + " has timed out.");
            Thread.currentThread().interrupt();
            return new InterruptedException(name + " was interrupted.");
        }

        private String stack() {
            return Arrays.stream(thread.getStackTrace()).limit(50).map(String::valueOf).collect(Collectors.joining("\n"));
        }
    }
}
