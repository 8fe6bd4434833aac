package io.fleetloop.api.orchestration.workflow;

/** How an operator version executes (seed 003 §4: HTTP / CLI / MCP / AIModel; BUILTIN = the platform's own jobs). */
public enum OperatorKind { BUILTIN, HTTP, CLI, AI_MODEL, MCP }
