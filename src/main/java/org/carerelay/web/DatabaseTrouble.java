package org.carerelay.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * A request that failed because the database could not serve it right now — unreachable or restarting, every
 * pooled connection busy, a statement past its timeout, or the database in read-only mode — rather than because
 * of the request. The caller gets a 503 with {@code Retry-After} (a partner retries with the same
 * Idempotency-Key), never a 500: nothing was stored, since the transaction did not commit.
 */
public enum DatabaseTrouble {
    UNAVAILABLE("The database is not reachable at the moment (restarting or overloaded). Nothing was stored; try again shortly.", 5),
    BUSY("CareRelay is too busy to serve this request right now. Nothing was stored; try again shortly.", 2),
    READ_ONLY("CareRelay is in read-only mode (maintenance or a full disk): changes are refused for now; reading works."
            + " Nothing was stored; try again later.", 60);

    public final String message;
    public final int retryAfterSeconds;

    DatabaseTrouble(String message, int retryAfterSeconds) {
        this.message = message;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * What kind of database trouble caused the failure, if any: walks the cause chain and the suppressed exceptions on
     * it (a commit the database cut off surfaces as a RollbackException whose XAException, suppressed, holds the
     * PSQLException). A commit cut off this way has an unknown outcome; the 503 still holds, since a partner retries
     * with the same Idempotency-Key and gets the first result if it did commit.
     */
    public static Optional<DatabaseTrouble> of(Throwable failure) {
        return of(failure, 0);
    }

    private static Optional<DatabaseTrouble> of(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException || t instanceof SQLTransientConnectionException) {
                return Optional.of(UNAVAILABLE);
            }
            if (t instanceof SQLException sql) {
                Optional<DatabaseTrouble> bySqlState = bySqlState(sql.getSQLState(), sql.getMessage());
                if (bySqlState.isPresent()) {
                    return bySqlState;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Optional<DatabaseTrouble> found = of(suppressed, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<DatabaseTrouble> bySqlState(String state, String message) {
        if (state == null) {
            // Agroal's pool: "Acquisition timeout while waiting for new connection" carries no SQL state
            return message != null && message.startsWith("Acquisition timeout") ? Optional.of(BUSY) : Optional.empty();
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return Optional.of(UNAVAILABLE); // connection exceptions; admin or crash shutdown; cannot connect now
        }
        if (state.equals("57014") || state.equals("55P03") || state.equals("53300") || state.equals("53400")) {
            return Optional.of(BUSY); // statement timeout or cancel; lock not available; too many connections
        }
        if (state.equals("25006") || state.equals("53100")) {
            return Optional.of(READ_ONLY); // read-only transaction; disk full
        }
        return Optional.empty();
    }
}
