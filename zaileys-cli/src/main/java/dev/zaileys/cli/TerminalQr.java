package dev.zaileys.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.util.Map;

/** Draws a QR code with Unicode half blocks: two modules per character cell, dark on light. */
final class TerminalQr {

    private TerminalQr() {}

    static String render(String text) {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw this QR: " + e.getMessage(), e);
        }
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean top = m.get(x, y);
                boolean bottom = y + 1 < m.getHeight() && m.get(x, y + 1);
                // drawn as light-on-dark terminals show best: a set module is a blank cell
                b.append(top ? (bottom ? ' ' : '▄') : (bottom ? '▀' : '█'));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
