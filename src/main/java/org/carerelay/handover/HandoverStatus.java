package org.carerelay.handover;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/** Where one handover version stands: a draft, the submitted (current) version, or one superseded by a correction. */
public enum HandoverStatus {
    DRAFT("draft"), SUBMITTED("submitted"), SUPERSEDED("superseded");

    public final String code;

    HandoverStatus(String code) {
        this.code = code;
    }

    public static HandoverStatus of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a handover status: " + code));
    }

    /** The {@code handover.status} column holds the code. */
    @Converter
    public static class Column implements AttributeConverter<HandoverStatus, String> {
        @Override
        public String convertToDatabaseColumn(HandoverStatus status) {
            return status == null ? null : status.code;
        }

        @Override
        public HandoverStatus convertToEntityAttribute(String code) {
            return code == null ? null : of(code);
        }
    }
}
