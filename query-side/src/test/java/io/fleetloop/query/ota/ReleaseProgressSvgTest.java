package io.fleetloop.query.ota;

import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.ReleaseTaskStatus;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;

class ReleaseProgressSvgTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final ReleaseProgress progress = new ReleaseProgress("task-1", "v2.1.0", ReleaseTaskStatus.RUNNING, null, 1000, 98 + 150, 2 + 50,
            1000 - 248 - 52, List.of(
            new ReleaseBatch("b1", 0, 10, 100, BatchStatus.COMPLETED, 98, 2, 0, 0, T0, T0.plusSeconds(3600)),
            new ReleaseBatch("b2", 1, 30, 300, BatchStatus.DEPLOYING, 150, 40, 10, 100, T0.plusSeconds(7200), null),
            new ReleaseBatch("b3", 2, 60, 600, BatchStatus.PENDING, 0, 0, 0, 600, null, null)));

    @Test
    void eachBatchIsABarSplitIntoSucceededFailedAndPendingWithItsLabel() throws Exception {
        Document svg = parse(ReleaseProgressSvg.render(progress));

        Element first = batch(svg, "1");
        assertThat(label(first)).isEqualTo("Batch 1 · 10% · 100 devices · 98 ok · 2 failed · COMPLETED");
        assertThat(width(first, "succeeded")).isEqualTo(744.8);
        assertThat(width(first, "failed")).isEqualTo(15.2);
        assertThat(width(first, "pending")).isZero();

        Element second = batch(svg, "2");
        assertThat(label(second)).isEqualTo("Batch 2 · 30% · 300 devices · 150 ok · 50 failed · DEPLOYING (10 silent)");
        assertThat(width(second, "failed")).isEqualTo(126.67);
        assertThat(width(batch(svg, "3"), "pending")).isEqualTo(760);
        assertThat(title(svg)).isEqualTo("Release v2.1.0 · RUNNING");
    }

    @Test
    void theTimelineMarksWhenEachStartedBatchStarted() throws Exception {
        Document svg = parse(ReleaseProgressSvg.render(progress));
        NodeList starts = svg.getElementsByTagName("g");
        List<String> marked = new ArrayList<>();
        for (int i = 0; i < starts.getLength(); i++) {
            Element g = (Element) starts.item(i);
            if (g.getAttribute("class").equals("start")) marked.add(g.getAttribute("data-batch") + "@" + g.getAttribute("data-started-at")
                    + "@" + ((Element) g.getElementsByTagName("line").item(0)).getAttribute("x1"));
        }
        assertThat(marked).containsExactly("1@2026-11-30T10:00:00Z@20.00", "2@2026-11-30T12:00:00Z@780.00");
    }

    @Test
    void theSameProgressDrawsTheSameBytes() {
        assertThat(ReleaseProgressSvg.render(progress)).isEqualTo(ReleaseProgressSvg.render(progress));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String title(Document svg) {
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if (text.getAttribute("id").equals("title")) return text.getTextContent();
        }
        return null;
    }

    private static Element batch(Document svg, String number) {
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("batch") && g.getAttribute("data-batch").equals(number)) return g;
        }
        throw new AssertionError("no bar for batch " + number);
    }

    private static String label(Element batch) {
        return ((Element) batch.getElementsByTagName("text").item(0)).getTextContent();
    }

    private static double width(Element batch, String cls) {
        NodeList rects = batch.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").equals(cls)) return Double.parseDouble(rect.getAttribute("width"));
        }
        throw new AssertionError("no " + cls + " segment");
    }
}
