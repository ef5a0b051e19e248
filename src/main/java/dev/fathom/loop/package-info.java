/**
 * The agent loop: build the request, stream the response, run the tool calls, append their results, check the
 * limits, repeat. It emits {@link dev.fathom.loop.AgentEvent}s and knows nothing of terminals; front ends listen.
 */
package dev.fathom.loop;
