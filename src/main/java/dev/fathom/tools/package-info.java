/**
 * The tools the model can call: the {@link dev.fathom.tools.Tool} contract, the registry that validates arguments
 * and truncates output centrally, and one class per tool. Each tool's description and schema live beside the code
 * in the top-level {@code tools/} folder, as the model reads them.
 */
package dev.fathom.tools;
