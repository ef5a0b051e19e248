package dev.fathom.cli;

import picocli.CommandLine;

/** Reads {@code --output}: text, json or stream-json. */
final class OutputConverter implements CommandLine.ITypeConverter<ExecCommand.Output> {
    @Override
    public ExecCommand.Output convert(String value) {
        return switch (value) {
            case "text" -> ExecCommand.Output.text;
            case "json" -> ExecCommand.Output.json;
            case "stream-json" -> ExecCommand.Output.stream_json;
            default -> throw new CommandLine.TypeConversionException("expected text, json or stream-json, got '" + value + "'");
        };
    }
}
