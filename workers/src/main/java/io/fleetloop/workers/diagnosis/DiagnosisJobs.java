package io.fleetloop.workers.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

import java.time.Clock;

/**
 * The diagnosis context's job on the queue ({@code log-diagnosis}), claimed only by processes with the workers role.
 * The LLM diagnoser exists only when {@code fleetloop.diagnosis.llm.base-url} is set; its key is read from the
 * property or environment variable named by {@code llm.api-key-ref}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class DiagnosisJobs {

    @Bean
    DiagnosisPipeline diagnosisPipeline(KnowledgeRetriever retriever, DiagnosisProperties properties, ObjectMapper json, Environment environment) {
        LlmDiagnoser llm = null;
        if (properties.llm().configured()) {
            String ref = properties.llm().apiKeyRef();
            String key = ref == null || ref.isBlank() ? null : environment.getProperty(ref, System.getenv(ref));
            llm = new LlmDiagnoser(properties.llm(), key, json);
        }
        return new DiagnosisPipeline(retriever, new BuiltinDiagnoser(), llm, json, properties.retrievalSize());
    }

    @Bean
    LogDiagnosisJob logDiagnosisJob(DiagnosisPipeline pipeline, CommandGateway commands, @Lazy SchedulerClient scheduler, ObjectMapper json,
                                    Clock clock, DiagnosisProperties properties) {
        return new LogDiagnosisJob(pipeline, commands, scheduler, json, clock, properties.llm());
    }

    @Bean
    OneTimeTask<String> logDiagnosisTask(JobTasks tasks, LogDiagnosisJob job) {
        return tasks.task(job);
    }
}
