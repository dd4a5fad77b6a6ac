package org.leakcheck.loader.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new GenerateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void writesTheLeakAndItsKnownAnswersAndASummaryLine() {
        Path csv = dir.resolve("leak.csv");
        int code = run("--records", "200", "--seed", "3", "--output", csv.toString());
        assertEquals(0, code, err::toString);
        assertTrue(Files.exists(csv));
        assertTrue(Files.exists(dir.resolve("leak.known-answers.json")));
        assertTrue(out.toString().contains("generate: patients=200 rows="), out::toString);
    }

    @Test
    void writesTheLatin1VariantWithTabs() throws Exception {
        Path csv = dir.resolve("latin1.tsv");
        int code = run("--records", "300", "--encoding", "ISO-8859-1", "--delimiter", "tab",
                "--output", csv.toString(), "--known-answers", dir.resolve("answers.json").toString());
        assertEquals(0, code, err::toString);
        String header = new String(Files.readAllBytes(csv), StandardCharsets.ISO_8859_1).lines().findFirst().orElseThrow();
        assertEquals(60, header.split("\t").length);
        assertTrue(Files.exists(dir.resolve("answers.json")));
    }

    @Test
    void refusesAnEncodingOtherThanUtf8OrLatin1() {
        int code = run("--records", "10", "--encoding", "UTF-16", "--output", dir.resolve("x.csv").toString());
        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("--encoding must be UTF-8 or ISO-8859-1"));
    }

    @Test
    void refusesANegativeRecordCount() {
        assertEquals(CommandLine.ExitCode.USAGE, run("--records", "-1"));
    }

    @Test
    void helpExplainsWithAnExample() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Example:"));
        assertTrue(out.toString().contains("--known-answers"));
    }

    @Test
    void derivesTheKnownAnswersNameFromTheOutput() {
        assertEquals(Path.of("a/leak.known-answers.json"), GenerateCommand.defaultKnownAnswers(Path.of("a/leak.csv.gz")));
        assertEquals(Path.of("data.known-answers.json"), GenerateCommand.defaultKnownAnswers(Path.of("data")));
    }
}
