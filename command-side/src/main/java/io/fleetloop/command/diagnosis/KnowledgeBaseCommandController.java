package io.fleetloop.command.diagnosis;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.diagnosis.CreateKnowledgeEntryCommand;
import io.fleetloop.api.diagnosis.KnowledgeContent;
import io.fleetloop.api.diagnosis.KnowledgeEntryId;
import io.fleetloop.api.diagnosis.RetireKnowledgeEntryCommand;
import io.fleetloop.api.diagnosis.UpdateKnowledgeEntryCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Seed 004 knowledge base: {@code POST /api/v1/knowledge-base/entries} (version 1), {@code PUT …/{entryId}} (the next
 * version; {@code expectedVersion} guards concurrent edits) and {@code DELETE …/{entryId}} (retire). Content rules
 * (firmware range syntax, platforms) are the aggregate's, answered as 400 naming the field.
 */
@RestController
class KnowledgeBaseCommandController {

    static final String ENTRIES = "/api/v1/knowledge-base/entries";

    record EntryRequest(String errorCode, String title, String symptoms, String causes, String fixes,
                        @Size(max = KnowledgeEntry.MAX_PLATFORMS) List<String> vehiclePlatforms, String firmwareRange,
                        Integer expectedVersion) {
        KnowledgeContent content() {
            return new KnowledgeContent(errorCode, title, symptoms, causes, fixes, vehiclePlatforms, firmwareRange);
        }
    }

    record EntryResponse(String entryId, int version) {
    }

    private final CommandGateway commands;

    KnowledgeBaseCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping(ENTRIES)
    ResponseEntity<EntryResponse> create(Caller caller, @Valid @RequestBody EntryRequest request) {
        KnowledgeEntryId entryId = new KnowledgeEntryId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateKnowledgeEntryCommand(entryId, caller.tenantId(), request.content(), "user:" + caller.operator()));
        return ResponseEntity.created(URI.create(ENTRIES + "/" + entryId)).body(new EntryResponse(entryId.value(), 1));
    }

    @PutMapping(ENTRIES + "/{entryId}")
    ResponseEntity<Void> update(Caller caller, @PathVariable String entryId, @Valid @RequestBody EntryRequest request) {
        commands.sendAndWait(new UpdateKnowledgeEntryCommand(new KnowledgeEntryId(entryId), caller.tenantId(), request.expectedVersion(),
                request.content(), "user:" + caller.operator()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping(ENTRIES + "/{entryId}")
    ResponseEntity<Void> retire(Caller caller, @PathVariable String entryId, @RequestParam(required = false) String reason) {
        commands.sendAndWait(new RetireKnowledgeEntryCommand(new KnowledgeEntryId(entryId), caller.tenantId(), reason, "user:" + caller.operator()));
        return ResponseEntity.noContent().build();
    }
}
