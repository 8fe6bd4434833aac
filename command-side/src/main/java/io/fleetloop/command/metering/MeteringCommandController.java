package io.fleetloop.command.metering;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.metering.AddCreditsCommand;
import io.fleetloop.api.metering.Price;
import io.fleetloop.api.metering.PublishPriceListCommand;
import io.fleetloop.api.metering.QuotaPeriod;
import io.fleetloop.api.metering.SetBillingPolicyCommand;
import io.fleetloop.api.metering.SetQuotaCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The tenant account's commands: price list versions, quotas, credits and the billing policy (all admin only). */
@RestController
class MeteringCommandController {

    record PriceRequest(@NotBlank String resource, @NotBlank String unit, @NotNull BigDecimal unitPrice) {
    }

    record PriceListRequest(@NotEmpty @Size(max = 200) List<@Valid @NotNull PriceRequest> prices, Instant effectiveFrom) {
    }

    record QuotaRequest(@NotNull Double limit, @NotNull QuotaPeriod period) {
    }

    record CreditsRequest(@NotNull BigDecimal amount, @NotBlank @Size(max = 128) String reference) {
    }

    record BillingPolicyRequest(boolean stopDispatchWhenExhausted) {
    }

    private final CommandGateway commands;
    private final Clock clock;

    MeteringCommandController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PutMapping("/v1/price-list")
    ResponseEntity<Void> priceList(Caller caller, @Valid @RequestBody PriceListRequest request) {
        List<Price> prices = request.prices().stream().map(p -> new Price(p.resource(), p.unit(), p.unitPrice())).toList();
        commands.sendAndWait(new PublishPriceListCommand(caller.tenantId(), prices, request.effectiveFrom(), clock.instant()));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/v1/quotas/{resource}")
    ResponseEntity<Void> quota(Caller caller, @PathVariable String resource, @Valid @RequestBody QuotaRequest request) {
        commands.sendAndWait(new SetQuotaCommand(caller.tenantId(), resource, request.limit(), request.period(), clock.instant()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v1/billing/credits")
    ResponseEntity<Void> credits(Caller caller, @Valid @RequestBody CreditsRequest request) {
        commands.sendAndWait(new AddCreditsCommand(caller.tenantId(), request.amount(), request.reference(), clock.instant()));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/v1/billing/policy")
    ResponseEntity<Void> policy(Caller caller, @RequestBody BillingPolicyRequest request) {
        commands.sendAndWait(new SetBillingPolicyCommand(caller.tenantId(), request.stopDispatchWhenExhausted(), clock.instant()));
        return ResponseEntity.noContent().build();
    }
}
