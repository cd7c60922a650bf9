package io.govclear.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * JSON values read exactly as the contract writes them, for every body: a string is a JSON string (never a number or
 * boolean made into text) without control characters; an enum constant is its exact name (no ordinal, no spaces);
 * a date is {@code yyyy-MM-dd} and an instant ISO-8601 with its offset, as strings (never an array, a number or a
 * longer or trimmed text); and the bytes are well-formed UTF-8.
 */
final class StrictJson {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The problem of a JSON string whose escapes leave half of a surrogate pair (an escaped D800, no low half). */
    static final String LONE_SURROGATE = "must be well-formed Unicode text (a lone surrogate)";

    private StrictJson() {
    }

    /** Whether {@code text} holds a high surrogate not followed by a low one, or a low one alone. */
    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("govclear-strict-json");
        module.addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                    return (String) context.handleUnexpectedToken(String.class, parser);
                }
                String text = parser.getText();
                if (NoControlCharacters.CONTROL.matcher(text).find()) {
                    throw new InvalidFormatException(parser, NoControlCharacters.MESSAGE, text, String.class);
                }
                if (hasLoneSurrogate(text)) {
                    // an escaped half surrogate pair is well-formed JSON but no text: UTF-8 cannot encode it, the database
                    // would get '?'
                    throw new InvalidFormatException(parser, LONE_SURROGATE, text, String.class);
                }
                return text;
            }
        });
        module.addDeserializer(LocalDate.class, text(LocalDate.class, s -> {
            if (!DATE.matcher(s).matches()) {
                throw new DateTimeParseException("not yyyy-MM-dd", s, 0);
            }
            return LocalDate.parse(s);
        }));
        module.addDeserializer(OffsetDateTime.class, text(OffsetDateTime.class,
                s -> OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        module.addDeserializer(Instant.class, text(Instant.class,
                s -> OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()));
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                return new ExactEnum(type.getRawClass());
            }
        });
        return module;
    }

    /**
     * Bytes that are not well-formed UTF-8 are refused, never repaired: Jackson's own decoder would read the overlong
     * C0 AF or E0 80 AF as "/", which no conforming encoder writes.
     */
    static final class WellFormedUtf8 extends InputDecorator {

        @Override
        public InputStream decorate(IOContext context, InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            check(all, 0, all.length);
            return new ByteArrayInputStream(all);
        }

        @Override
        public InputStream decorate(IOContext context, byte[] src, int offset, int length) throws IOException {
            check(src, offset, length);
            return null;
        }

        @Override
        public Reader decorate(IOContext context, Reader reader) {
            return reader;
        }

        private static void check(byte[] src, int offset, int length) throws JsonParseException {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(src, offset, length));
            } catch (CharacterCodingException e) {
                throw new JsonParseException((JsonParser) null, "the body is not well-formed UTF-8");
            }
        }
    }

    /** A value written as a JSON string and parsed exactly; anything else is a format error. */
    private static <T> StdDeserializer<T> text(Class<T> type, Function<String, T> parse) {
        return new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                    @SuppressWarnings("unchecked")
                    T refused = (T) context.handleUnexpectedToken(type, parser);
                    return refused;
                }
                String text = parser.getText();
                try {
                    return parse.apply(text);
                } catch (DateTimeParseException e) {
                    throw new InvalidFormatException(parser, "not ISO-8601", text, type);
                }
            }
        };
    }

    /** An enum constant by its exact name. */
    private static final class ExactEnum extends StdDeserializer<Object> {

        ExactEnum(Class<?> type) {
            super(type);
        }

        @Override
        @SuppressWarnings({ "unchecked", "rawtypes" })
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getText();
            for (Object constant : handledType().getEnumConstants()) {
                if (((Enum) constant).name().equals(text)) {
                    return constant;
                }
            }
            throw new InvalidFormatException(parser, "not one of the allowed values", text, handledType());
        }
    }
}
