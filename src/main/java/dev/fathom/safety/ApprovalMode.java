package dev.fathom.safety;

import java.util.Locale;

/** How much the model may do without asking. */
public enum ApprovalMode {
    /** Reads only; every change is refused. */
    READ_ONLY,
    /** Reads and read-only commands are free; edits and other commands ask. */
    ASK,
    /** Reads and edits are free; commands other than read-only ones ask. */
    AUTO_EDIT,
    /** Everything inside the workspace guard and the sandbox is free; dangerous commands still ask. */
    FULL_AUTO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses read-only, ask, auto-edit or full-auto; null when the name is none of them. */
    public static ApprovalMode parse(String name) {
        for (ApprovalMode m : values()) {
            if (m.wireName().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
