package io.govclear.simulator.agentbank;

import io.govclear.simulator.SimProblem;

/**
 * Free texts that go onto a statement: present, not too long for the engine's reader (140 characters of text, 35 of
 * reference), and printable, since a control character, a lone surrogate or a line separator cannot stand in a camt
 * file or a CSV cell.
 */
public final class Texts {

    /** The longest text a statement reader takes (camt Max140Text). */
    public static final int MAX_TEXT = 140;

    private Texts() {
    }

    /** The text, or a 400 problem naming the field. */
    public static String required(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            throw SimProblem.invalid(field, "is required");
        }
        if (text.length() > max) {
            throw SimProblem.invalid(field, "is longer than " + max + " characters");
        }
        if (!printable(text)) {
            throw SimProblem.invalid(field, "holds control characters");
        }
        return text;
    }

    static boolean printable(String text) {
        return text.codePoints().noneMatch(cp -> switch (Character.getType(cp)) {
            case Character.CONTROL, Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        });
    }
}
