package org.carerelay.catalogue;

/** The types a catalogue field can have. */
public enum FieldType {
    TEXT("text"), NUMBER("number"), BOOLEAN("boolean"), DATE("date"), DATETIME("datetime"), ENUM("enum"), LIST("list");

    public final String code;

    FieldType(String code) {
        this.code = code;
    }

    public static FieldType of(String code) {
        for (FieldType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type " + code);
    }
}
