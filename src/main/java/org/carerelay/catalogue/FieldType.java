package org.carerelay.catalogue;

import org.carerelay.sql.Codes;

/** The types a catalogue field can have. */
public enum FieldType {
    TEXT("text"), NUMBER("number"), BOOLEAN("boolean"), DATE("date"), DATETIME("datetime"), ENUM("enum"), LIST("list");

    public final String code;

    FieldType(String code) {
        this.code = code;
    }

    public static FieldType of(String code) {
        return Codes.find(values(), t -> t.code, code).orElseThrow(() -> new IllegalArgumentException("unknown field type " + code));
    }
}
