package io.roadmirror.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.routes.EtaAccuracy.Eta;
import io.roadmirror.routes.EtaAccuracy.Row;
import org.junit.jupiter.api.Test;

class EtaAccuracyTest {
    @Test
    void eachEtaIsJudgedByMeanAbsoluteErrorPercentageErrorAndBiasOverTheSameTrips() {
        EtaAccuracy accuracy = new EtaAccuracy();
        accuracy.add(100, 110, 100, 90);
        accuracy.add(200, 190, 100, 180);
        EtaAccuracy.Result result = accuracy.result();

        assertEquals(2, result.trips());
        assertRow(result.row(Eta.PREDICTED), 10, 7.5, 0);
        assertRow(result.row(Eta.LIVE), 50, 25, -50);
        assertRow(result.row(Eta.FREE_FLOW), 15, 10, -15);
        assertTrue(result.table().contains("| 10.0 s | 7.5 % | +0.0 s |"), result.table());
        assertTrue(result.table().contains("| 50.0 s | 25.0 % | -50.0 s |"), result.table());
    }

    @Test
    void noTripsJudgedIsSaidNotAveragedToZero() {
        Row row = new EtaAccuracy().result().row(Eta.PREDICTED);
        assertEquals(0, row.trips());
        assertTrue(Double.isNaN(row.maeSeconds()) && Double.isNaN(row.mapePct()));
    }

    @Test
    void aTripWithoutAPositiveTimeOrAnEtaThatIsNoNumberIsRefused() {
        EtaAccuracy accuracy = new EtaAccuracy();
        assertThrows(IllegalArgumentException.class, () -> accuracy.add(0, 10, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> accuracy.add(10, Double.NaN, 10, 10));
        assertEquals(0, accuracy.result().trips(), "nothing half-counted");
    }

    private static void assertRow(Row row, double mae, double mape, double bias) {
        assertEquals(mae, row.maeSeconds(), 1e-9, row.toString());
        assertEquals(mape, row.mapePct(), 1e-9, row.toString());
        assertEquals(bias, row.biasSeconds(), 1e-9, row.toString());
    }
}
