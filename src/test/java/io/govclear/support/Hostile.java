package io.govclear.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile request bodies and path segments, generated with jqwik's arbitraries from a description of the valid body
 * ({@link Field}s): wrong JSON types for a field, enum ordinals and padded names, over-long text (1 KB, 100 KB),
 * control characters, lone surrogates, bytes that are not well-formed UTF-8, deep nesting, duplicate keys, unknown
 * fields, missing required fields, trailing garbage, empty bodies, JSON null, non-objects, huge and fractional numbers,
 * dates as arrays, numbers or instants, and the wrong Content-Type. Every body generated is malformed for its
 * endpoint: none may be accepted.
 *
 * <p>The samples are drawn by {@link #sample}: jqwik's {@code sampleStream()} under a fixed seed, so a run is bounded
 * and a failing case is the same case the next time.
 */
public final class Hostile {

    /** What a field holds, which decides what is hostile for it. */
    public enum Kind {
        STRING, NUMBER, ENUM, DATE, INSTANT, OBJECT, ARRAY
    }

    /**
     * One field of a valid body: its valid JSON text, whether it may be left out or null, and for OBJECT the fields
     * of the object, for ARRAY those of its single element.
     */
    public record Field(String name, Kind kind, String valid, boolean required, List<Field> fields) {

        public static Field string(String name, String valid, boolean required) {
            return new Field(name, Kind.STRING, "\"" + valid + "\"", required, List.of());
        }

        public static Field number(String name, String valid, boolean required) {
            return new Field(name, Kind.NUMBER, valid, required, List.of());
        }

        public static Field enumeration(String name, String valid, boolean required) {
            return new Field(name, Kind.ENUM, "\"" + valid + "\"", required, List.of());
        }

        public static Field date(String name, String valid, boolean required) {
            return new Field(name, Kind.DATE, "\"" + valid + "\"", required, List.of());
        }

        public static Field instant(String name, String valid, boolean required) {
            return new Field(name, Kind.INSTANT, "\"" + valid + "\"", required, List.of());
        }

        public static Field object(String name, boolean required, Field... fields) {
            return new Field(name, Kind.OBJECT, null, required, List.of(fields));
        }

        /** An array whose one valid element is an object of {@code fields}; empty is refused (1..n elements). */
        public static Field arrayOf(String name, boolean required, Field... fields) {
            return new Field(name, Kind.ARRAY, null, required, List.of(fields));
        }

        String json() {
            return switch (kind) {
                case OBJECT -> Hostile.object(fields);
                case ARRAY -> "[" + Hostile.object(fields) + "]";
                default -> valid;
            };
        }
    }

    /** A hostile request: what it is (for the report), its bytes, its Content-Type (null: none). */
    public record Body(String label, byte[] bytes, String contentType) {

        @Override
        public String toString() {
            return label;
        }
    }

    public static final String JSON = "application/json";

    private static final String DEEP = "[".repeat(10_000);
    private static final String ONE_KB = "x".repeat(1024);
    private static final String HUNDRED_KB = "汉".repeat(100 * 1024 / 3 + 1);

    private Hostile() {
    }

    /** {@code count} samples of {@code arbitrary}, the same ones for the same seed. */
    public static <T> List<T> sample(Arbitrary<T> arbitrary, long seed, int count) {
        // sampleStream() draws from jqwik's current source of randomness; seeding it makes the run reproducible
        net.jqwik.engine.SourceOfRandomness.create(Long.toString(seed));
        return arbitrary.sampleStream().limit(count).collect(Collectors.toList());
    }

    /**
     * The bodies every JSON endpoint is sent whatever the sample (JSON null, no body, a non-object, cut short),
     * then {@code count} samples of {@code arbitrary}.
     */
    public static List<Body> cases(Arbitrary<Body> arbitrary, long seed, int count) {
        List<Body> cases = new ArrayList<>(List.of(raw("JSON null", "null"), raw("empty body", ""),
                raw("array", "[]"), raw("open brace", "{")));
        cases.addAll(sample(arbitrary, seed, count));
        return cases;
    }

    /** The valid body of {@code fields}, as JSON text. */
    public static String object(List<Field> fields) {
        return fields.stream().map(f -> "\"" + f.name() + "\":" + f.json())
                .collect(Collectors.joining(",", "{", "}"));
    }

    // --- bodies ------------------------------------------------------------------------------------------------------

    /** Hostile JSON bodies for an endpoint whose valid body is the object of {@code fields}. */
    public static Arbitrary<Body> jsonBodies(List<Field> fields) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, structural()),
                Tuple.of(8, fieldMutation(fields, "")),
                Tuple.of(2, unknownField(fields)),
                Tuple.of(1, duplicateKey(fields)),
                Tuple.of(1, missingField(fields)),
                Tuple.of(1, trailing(fields)),
                Tuple.of(1, wrongContentType(fields)),
                Tuple.of(1, badUtf8InAString(fields)));
    }

    /** Bodies that are not a JSON object at all, or not JSON, or not UTF-8. */
    public static Arbitrary<Body> structural() {
        Arbitrary<Body> fixed = Arbitraries.of(
                raw("empty body", ""), raw("JSON null", "null"), raw("array", "[]"), raw("array of object", "[{}]"),
                raw("string", "\"{}\""), raw("number", "42"), raw("boolean", "true"), raw("open brace", "{"),
                raw("unterminated key", "{\"a"), raw("close brace", "}"), raw("two objects", "{} {}"),
                raw("object then garbage", "{}x"), raw("whitespace", "  \n "), raw("NUL byte", "\u0000"),
                raw("10,000 [", DEEP), raw("10,000 nested arrays", DEEP + "]".repeat(10_000)),
                raw("5,000 nested objects", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)),
                raw("single quotes", "{'a':'b'}"), raw("comment", "/* */{}"), raw("bare word", "undefined"),
                raw("NaN", "NaN"), raw("BOM then unknown field", "\uFEFF{\"\":1}"), raw("XML", "<a/>"),
                raw("form", "a=1&b=2"), raw("1,000-digit number", "9".repeat(1000)),
                new Body("overlong UTF-8 '/'", HexFormat.of().parseHex("7B2261C0AF223A317D"), JSON),
                new Body("lone FF byte", HexFormat.of().parseHex("FF"), JSON),
                new Body("UTF-16 body", "{\"a\":1}".getBytes(StandardCharsets.UTF_16), JSON));
        Arbitrary<Body> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)
                .map(b -> new Body("random bytes " + HexFormat.of().formatHex(b), concat(new byte[] { '{' }, b,
                        new byte[] { ',' }), JSON));
        return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(1, bytes));
    }

    private static Body raw(String label, String body) {
        return new Body(label, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    /** One field (at any depth) replaced by a value that is wrong for it. */
    private static Arbitrary<Body> fieldMutation(List<Field> fields, String prefix) {
        List<Arbitrary<Body>> choices = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            int at = i;
            String name = prefix + field.name();
            choices.add(hostileValue(field).map(value -> new Body(name + " = " + abbreviate(value),
                    replaced(fields, at, value).getBytes(StandardCharsets.UTF_8), JSON)));
            if (field.kind() == Kind.OBJECT || field.kind() == Kind.ARRAY) {
                choices.add(fieldMutation(field.fields(), name + ".").map(inner -> {
                    String innerJson = new String(inner.bytes(), StandardCharsets.UTF_8);
                    String value = field.kind() == Kind.OBJECT ? innerJson : "[" + innerJson + "]";
                    return new Body(inner.label(), replaced(fields, at, value).getBytes(StandardCharsets.UTF_8),
                            JSON);
                }));
            }
        }
        return Arbitraries.oneOf(choices);
    }

    /** A value that the field must refuse: a wrong type, or the right type with a wrong content. */
    public static Arbitrary<String> hostileValue(Field field) {
        Arbitrary<String> base = switch (field.kind()) {
            case STRING -> Arbitraries.oneOf(badText(), Arbitraries.of(notAString()));
            case NUMBER -> Arbitraries.oneOf(Arbitraries.of("\"100\"", "\"\"", "1.5", "100.00", "1e2", "-0.5",
                    "0", "-1", "true", "false", "[]", "[1]", "{}", "99999999999999999999999",
                    "-9223372036854775809", "9223372036854775808", "1e400", "NaN", "Infinity", "-Infinity",
                    "0x10", "+1", "01", ".5", "1.", "10000000001", "9".repeat(2000)),
                    Arbitraries.doubles().between(-1e6, 1e6).filter(d -> d != Math.rint(d)).map(Object::toString),
                    Arbitraries.longs().between(Long.MIN_VALUE, 0).map(Object::toString));
            case ENUM -> Arbitraries.oneOf(badText(), Arbitraries.of(notAString()),
                    Arbitraries.of("0", "1", "2", "-1", "\"" + pad(field.valid()) + " \"",
                            "\" " + pad(field.valid()) + "\"", "\"" + pad(field.valid()).toLowerCase() + "\"",
                            "\"" + pad(field.valid()) + "\\u0000\"", "\"NOT_A_CONSTANT\"", "\"\"",
                            "\"" + pad(field.valid()) + "\\t\"", "[" + field.valid() + "]"));
            case DATE -> Arbitraries.oneOf(badText(), Arbitraries.of("[2026,12,17]", "20261217", "1765929600",
                    "\"2026-12-17T10:00:00Z\"", "\"2026-12-17T10:00:00+08:00\"", "\"2026-12-17 \"", "\" 2026-12-17\"",
                    "\"17/12/2026\"", "\"2026-02-30\"", "\"2026-13-01\"", "\"+2026-12-17\"", "\"2026-1-7\"",
                    "\"２０２６-１２-１７\"", "\"99999-12-17\"", "\"2026-12-17\\u0000\"", "\"\"", "true",
                    "{\"year\":2026}", "\"20261217\""));
            case INSTANT -> Arbitraries.oneOf(badText(), Arbitraries.of("[2026,11,23,10,15,30]", "1763864130",
                    "1763864130.5", "\"2026-11-23\"", "\"2026-11-23T10:15:30\"", "\"2026-11-23T25:15:30+08:00\"",
                    "\"2026-11-23T10:15:30+08:00 \"", "\"2026-11-23 10:15:30\"", "\"2026-11-23T10:15:30+25:00\"",
                    "\"\"", "true", "{\"epochSecond\":1}"));
            case OBJECT -> Arbitraries.of("\"x\"", "1", "true", "[]", "[" + field.json() + "]", DEEP,
                    "\"" + ONE_KB + "\"");
            case ARRAY -> Arbitraries.of("\"x\"", "1", "true", "{}", field.json().substring(1,
                    field.json().length() - 1), "[]", "[null]", "[1]", "[[]]", DEEP,
                    "[" + String.join(",", java.util.Collections.nCopies(1001, object(field.fields()))) + "]");
        };
        return field.required() ? Arbitraries.oneOf(base, Arbitraries.just("null")) : base;
    }

    private static String pad(String quoted) {
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String[] notAString() {
        return new String[] { "12345", "0", "-1", "1.5", "true", "false", "[]", "[\"x\"]", "{}", "{\"a\":\"b\"}",
                "1e400", "99999999999999999999999" };
    }

    /** A JSON string no text field may take: over-long, a control character, a lone surrogate. */
    public static Arbitrary<String> badText() {
        Arbitrary<String> around = Arbitraries.strings().alpha().numeric().ofMaxLength(12);
        Arbitrary<String> control = Arbitraries.of("\\u0000", "\\u0001", "\\u001b", "\\u007f", "\\n", "\\r",
                "\\t", "\\b", "\\f", "\u0001", "\u007f");
        Arbitrary<String> surrogate = Arbitraries.of("\\ud800", "\\udfff", "\\udbff", "\\ud800\\u0041");
        Arbitrary<String> withControl = Combinators.combine(around, control, around)
                .as((a, c, b) -> "\"" + a + c + b + "\"");
        Arbitrary<String> withSurrogate = Combinators.combine(around, surrogate, around)
                .as((a, s, b) -> "\"" + a + s + b + "\"");
        Arbitrary<String> longer = Arbitraries.of("\"" + ONE_KB + "\"", "\"" + HUNDRED_KB + "\"",
                "\"" + "9".repeat(1024) + "\"", "\"" + "汉".repeat(1024) + "\"");
        return Arbitraries.frequencyOf(Tuple.of(3, withControl), Tuple.of(2, withSurrogate), Tuple.of(2, longer));
    }

    private static Arbitrary<Body> unknownField(List<Field> fields) {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .filter(n -> fields.stream().noneMatch(f -> f.name().equals(n)));
        Arbitrary<String> values = Arbitraries.of("1", "null", "\"x\"", "{}", "[]", "true");
        return Combinators.combine(names, values).as((n, v) -> {
            String valid = object(fields);
            String body = fields.isEmpty() ? "{\"" + n + "\":" + v + "}"
                    : valid.substring(0, valid.length() - 1) + ",\"" + n + "\":" + v + "}";
            return new Body("unknown field " + n, body.getBytes(StandardCharsets.UTF_8), JSON);
        });
    }

    private static Arbitrary<Body> duplicateKey(List<Field> fields) {
        if (fields.isEmpty()) {
            return structural();
        }
        return Arbitraries.of(fields).map(f -> {
            String valid = object(fields);
            return new Body("duplicate key " + f.name(), (valid.substring(0, valid.length() - 1) + ",\"" + f.name()
                    + "\":" + f.json() + "}").getBytes(StandardCharsets.UTF_8), JSON);
        });
    }

    private static Arbitrary<Body> missingField(List<Field> fields) {
        List<Integer> required = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).required()) {
                required.add(i);
            }
        }
        if (required.isEmpty()) {
            return structural();
        }
        return Arbitraries.of(required).map(i -> {
            List<Field> rest = new ArrayList<>(fields);
            Field gone = rest.remove((int) i);
            return new Body("missing " + gone.name(), object(rest).getBytes(StandardCharsets.UTF_8), JSON);
        });
    }

    private static Arbitrary<Body> trailing(List<Field> fields) {
        return Arbitraries.of("x", "}", "{}", "[]", ",", " 1", "\u0000", ";", "\"").map(t -> new Body(
                "trailing " + abbreviate(t), (object(fields) + t).getBytes(StandardCharsets.UTF_8), JSON));
    }

    /** The valid body, but not sent as application/json. */
    private static Arbitrary<Body> wrongContentType(List<Field> fields) {
        return Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "application/json-patch+json")
                .map(t -> new Body("Content-Type " + t, object(fields).getBytes(StandardCharsets.UTF_8), t));
    }

    /** A text field whose bytes are not well-formed UTF-8 (overlong, surrogate, truncated, invalid). */
    private static Arbitrary<Body> badUtf8InAString(List<Field> fields) {
        List<Integer> texts = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).kind() == Kind.STRING || fields.get(i).kind() == Kind.ENUM) {
                texts.add(i);
            }
        }
        if (texts.isEmpty()) {
            return structural();
        }
        return Combinators.combine(Arbitraries.of(texts),
                Arbitraries.of("C0AF", "E080AF", "EDA080", "EDBFBF", "F8888080", "FF", "C3", "F4908080", "80"))
                .as((i, hex) -> {
                    String marker = "\u0000MARK\u0000";
                    String body = replaced(fields, i, "\"a" + marker + "b\"");
                    String[] parts = body.split(marker, 2);
                    return new Body(fields.get(i).name() + " has bytes " + hex,
                            concat(parts[0].getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(hex),
                                    parts[1].getBytes(StandardCharsets.UTF_8)), JSON);
                });
    }

    private static String replaced(List<Field> fields, int at, String value) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(fields.get(i).name()).append("\":").append(i == at ? value : fields.get(i).json());
        }
        return sb.append('}').toString();
    }

    // --- path segments -----------------------------------------------------------------------------------------------

    /**
     * Path segments (already percent-encoded as sent) that name nothing: over-long, NUL, encoded slashes, not digits,
     * full-width digits, bad escapes, bytes that are not UTF-8.
     */
    public static Arbitrary<String> pathSegments() {
        Arbitrary<String> fixed = Arbitraries.of("%00", "1%00", "%0A", "%1F", "%7F", "%2F", "..", "%2E%2E", "abc",
                "-1", "0", "1e3", "0x10", "%201", "1%20", "%EF%BC%91%EF%BC%92%EF%BC%93", "%C0%AF", "%FF", "%ED%A0%80",
                "%E4%B8%AD", "9".repeat(19), "9".repeat(20), "9".repeat(21), "99999999999999999999999",
                "12345678901234567890", "1".repeat(1000), "a".repeat(2000), "null", "undefined", "%7B%7D", "%22",
                "'%20OR%201=1--", "%25", "1.5", "+1", "%2B1", "NaN", "2026-02-30", "2026-13-01", "20261217",
                "2026-12-17T00:00:00Z", "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-12-17", "%E2%80%AE1");
        Arbitrary<String> random = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(30)
                .map(Hostile::encode);
        return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(1, random));
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static String abbreviate(String s) {
        String shown = s.length() > 60 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
        return shown.replace("\u0000", "\\0");
    }
}
