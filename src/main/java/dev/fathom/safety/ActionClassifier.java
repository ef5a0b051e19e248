package dev.fathom.safety;

/**
 * Says what a tool call does (reads, edits paths, runs a command, something else) from its name and raw arguments.
 * The tools know their own invocations: the registry answers by asking the tool, so the approval policy never
 * switches on tool names. A call it cannot understand is {@link ApprovalPolicy.Kind#OTHER}, which is asked.
 */
@FunctionalInterface
public interface ActionClassifier {
    ApprovalPolicy.Action classify(String tool, String arguments);
}
