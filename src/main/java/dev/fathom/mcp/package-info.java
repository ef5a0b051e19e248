/**
 * The Model Context Protocol client: servers from the settings ({@code mcpServers}) over stdio or streamable HTTP,
 * their tools offered to the model as {@code mcp__<server>__<tool>}. JSON-RPC 2.0, written here rather than taken
 * from langchain4j's MCP module, which is not among the artifacts this build can resolve.
 */
package dev.fathom.mcp;
