package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database cannot serve this right now" (503, retry) rather than a fault (500). */
class DatabaseTroubleTest {

    @Test
    void aLostOrRefusedConnectionIsUnavailableHoweverDeepItIsWrapped() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5433 refused", "08001");
        assertEquals(Optional.of(DatabaseTrouble.UNAVAILABLE),
                DatabaseTrouble.of(new IllegalStateException(new RuntimeException("tx", refused))));
        assertEquals(Optional.of(DatabaseTrouble.UNAVAILABLE),
                DatabaseTrouble.of(new SQLException("terminating connection due to administrator command", "57P01")));
        assertEquals(Optional.of(DatabaseTrouble.UNAVAILABLE), DatabaseTrouble.of(new SQLTransientConnectionException("gone")));
    }

    @Test
    void aCommitTheDatabaseCutOffIsUnavailableThoughItsCauseIsOnlySuppressed() {
        // as Narayana reports it: RollbackException, the XAException suppressed, the PSQLException its cause
        Exception xa = new Exception("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertEquals(Optional.of(DatabaseTrouble.UNAVAILABLE), DatabaseTrouble.of(new RuntimeException("Error invoking subclass method", rollback)));
    }

    @Test
    void aFullPoolOrAStatementPastItsTimeoutIsBusy() {
        assertEquals(Optional.of(DatabaseTrouble.BUSY),
                DatabaseTrouble.of(new SQLException("Acquisition timeout while waiting for new connection")));
        assertEquals(Optional.of(DatabaseTrouble.BUSY),
                DatabaseTrouble.of(new SQLException("canceling statement due to statement timeout", "57014")));
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesAsReadOnly() {
        assertEquals(Optional.of(DatabaseTrouble.READ_ONLY),
                DatabaseTrouble.of(new SQLException("cannot execute INSERT in a read-only transaction", "25006")));
    }

    @Test
    void aBugIsNotDatabaseTrouble() {
        assertEquals(Optional.empty(), DatabaseTrouble.of(new SQLException("duplicate key value", "23505")));
        assertEquals(Optional.empty(), DatabaseTrouble.of(new NullPointerException()));
        assertEquals(Optional.empty(), DatabaseTrouble.of(new SQLException("column x does not exist", "42703")));
    }
}
