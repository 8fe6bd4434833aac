package io.fleetloop.platform.governance;

import io.fleetloop.api.common.TenantOwned;
import io.fleetloop.api.governance.AuditOutcome;
import io.fleetloop.refusals.CommandRefusals;
import io.fleetloop.platform.axon.CallerMetaData;
import io.fleetloop.projections.governance.AuditTrail;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;

/**
 * Every command becomes an audit record. An accepted command's record commits with its events; a rejected
 * command's record is written in a transaction of its own once the command's transaction has ended.
 * <p>
 * Not earlier: while the refused transaction is still open it holds a pool connection and, when the refusal came at
 * commit (the event store refusing the append; Axon Server's append commits just before the database), the
 * uncommitted ACCEPTED row of this very command — a second transaction writing that row would wait on the first,
 * and the first waits for the rollback handler to return.
 * The root unit of work's cleanup runs after its transaction committed or rolled back, also when the command was
 * nested in another unit of work (a command sent by an event handler), whose transaction it shares.
 */
@Component
@Order(0)
public class CommandAudit implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Resource types are the aggregate names, as in the event store. */
    private static final Map<String, String> RESOURCE_TYPES = Map.of("AssetId", "DataAsset", "DeviceUid", "Device", "GatewayTokenId", "GatewayCredential",
            "SceneMiningRulesId", "SceneMiningRuleSet");
    /** Aggregates addressed by a plain string (the tenant's account is addressed by the tenant id), by their commands' package. */
    private static final Map<String, String> UNTYPED_TARGETS = Map.of("io.fleetloop.api.metering", "TenantAccount",
            "io.fleetloop.api.orchestration", "EdgeTriggerReport");

    private final AuditTrail trail;
    private final TransactionTemplate separateTransaction;
    private final Clock clock;

    CommandAudit(AuditTrail trail, PlatformTransactionManager transactions, Clock clock) {
        this.trail = trail;
        this.clock = clock;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        unitOfWork.onPrepareCommit(u -> trail.record(entry(command, AuditOutcome.ACCEPTED, null)));
        unitOfWork.onRollback(u -> {
            AuditTrail.Entry rejected = entry(command, AuditOutcome.REJECTED, reasonOf(u));
            u.root().onCleanup(root -> separateTransaction.executeWithoutResult(status -> trail.record(rejected)));
        });
        return chain.proceed();
    }

    private static String reasonOf(UnitOfWork<?> unitOfWork) {
        Throwable cause = unitOfWork.getExecutionResult() == null ? null : unitOfWork.getExecutionResult().getExceptionResult();
        return cause == null ? "rolled back" : CommandRefusals.details(cause)
                .map(d -> d.code() + ": " + d.message()).orElse(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private AuditTrail.Entry entry(CommandMessage<?> command, AuditOutcome outcome, String detail) {
        Object payload = command.getPayload();
        Object operator = command.getMetaData().get(CallerMetaData.OPERATOR);
        String tenantId = payload instanceof TenantOwned owned ? owned.tenantId() : (String) command.getMetaData().get(CallerMetaData.TENANT);
        Object target = targetOf(payload);
        String resourceType = target == null ? null : target instanceof String
                ? UNTYPED_TARGETS.getOrDefault(command.getPayloadType().getPackageName(), "String")
                : RESOURCE_TYPES.getOrDefault(target.getClass().getSimpleName(), target.getClass().getSimpleName().replaceFirst("Id$", ""));
        return new AuditTrail.Entry(command.getIdentifier(), tenantId, operator == null ? "system" : operator.toString(),
                actionOf(command.getPayloadType()), resourceType, target == null ? null : target.toString(),
                clock.instant(), outcome, detail);
    }

    private static String actionOf(Class<?> type) {
        String name = type.getSimpleName();
        return name.endsWith("Command") ? name.substring(0, name.length() - "Command".length()) : name;
    }

    /** The record component holding the target aggregate id, per payload type, looked up once (not per command). */
    private static final ClassValue<Optional<RecordComponent>> TARGETS = new ClassValue<>() {
        @Override
        protected Optional<RecordComponent> computeValue(Class<?> type) {
            if (!type.isRecord()) return Optional.empty();
            for (RecordComponent component : type.getRecordComponents()) {
                if (isTarget(type, component)) return Optional.of(component);
            }
            return Optional.empty();
        }
    };

    private static Object targetOf(Object payload) {
        RecordComponent component = TARGETS.get(payload.getClass()).orElse(null);
        if (component == null) return null;
        try {
            return component.getAccessor().invoke(payload);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static boolean isTarget(Class<?> type, RecordComponent component) {
        if (component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)) return true;
        try {
            return type.getDeclaredField(component.getName()).isAnnotationPresent(TargetAggregateIdentifier.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
