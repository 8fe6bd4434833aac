package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.OperatorKind;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** MCP tools run only where an MCP server is configured ({@code fleetloop.workflow.mcp-servers}); none is, so they fail clearly. */
@Component
class McpOperator implements NodeOperator {

    private final String servers;

    McpOperator(@Value("${fleetloop.workflow.mcp-servers:}") String servers) {
        this.servers = servers;
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.MCP;
    }

    @Override
    public NodeResult execute(NodeCall call) throws NodeFailure {
        if (servers.isBlank()) {
            throw new NodeFailure("MCP tool " + call.spec().get("tool") + " cannot run: no MCP server is configured (fleetloop.workflow.mcp-servers)");
        }
        throw new NodeFailure("MCP server '" + call.spec().get("server") + "' is configured but MCP calls are not available yet");
    }
}
