package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The executable threat model (issue "An executable threat model"): from the synthesized default
 * template (the WAF's per-address rule, the evaluate function's daily cap, the partner plan's quota and
 * evaluate throttle, the partner batch limit) and the page's Q, which the function holds for the public
 * whatever the template says, how long one client address, and one partner
 * key, needs to enumerate the two targets a controller's AIPD must consider, under each disclosure
 * policy; with the floors the stack promises, and the figures docs/deploy.md shows. Offline.
 *
 * <p>The durations are lower bounds, whatever the start time: a window of T hours touches at most
 * ⌊T/24⌋ + 2 UTC days, so G guesses under a cap of C a day need T ≥ 24 (⌈G/C⌉ − 2) hours, and at
 * a rate of h guesses an hour T ≥ G/h.
 */
class ThreatModelTest {
    /** A commune-month of NIRs: 999 order numbers × 2 sexes (docs/protocol.md §9). */
    static final long COMMUNE_MONTH = 1_998;
    /** A town of 10,000 voters, by name and birth date (electoral roll). */
    static final long TOWN = 10_000;
    /** A factor space of a million values (a member number among an insurer's issued ones). */
    static final long FACTOR_SPACE = 1_000_000;

    /** What one client can do: guesses an hour (WAF) and a day (cap), from the template. */
    record Limits(double perHour, long perDay) {
        /** Least hours to make {@code guesses} guesses, whatever the start time. */
        double hours(long guesses) {
            long days = (guesses + perDay - 1) / perDay;
            return Math.max(guesses / perHour, 24.0 * Math.max(0, days - 2));
        }

        /** Days of the daily allowance that {@code guesses} guesses need: the figure for spread-out attacks. */
        double clientDays(long guesses) {
            return (double) guesses / perDay;
        }
    }

    private final TestApps.Synthesized app = TestApps.defaults();

    @SuppressWarnings("unchecked")
    private Limits perAddress() {
        Map<String, Object> acl = TemplateJson.properties(TemplateJson.ofType(app.edgeJson(), "AWS::WAFv2::WebACL")
                .values().iterator().next());
        Map<String, Object> rate = ((List<Map<String, Object>>) acl.get("Rules")).stream()
                .filter(r -> EdgeStack.EVALUATE_RATE_RULE.equals(r.get("Name"))).findFirst()
                .map(r -> (Map<String, Object>) ((Map<String, Object>) r.get("Statement")).get("RateBasedStatement"))
                .orElseThrow();
        assertEquals("IP", rate.get("AggregateKeyType"));
        double requestsPerHour = ((Number) rate.get("Limit")).doubleValue() * 3600
                / ((Number) rate.get("EvaluationWindowSec")).doubleValue();
        Map<String, Object> env = evaluateEnvironment();
        // The public's batch is Q, in the function itself (PartnerBatchLimit.PAGE): no variable can raise it.
        long q = PublicApi.PAGE_BATCH_LIMIT;
        return new Limits(requestsPerHour * q, Long.parseLong((String) env.get(LeakcheckStack.ENV_CAP_PER_DAY)));
    }

    @SuppressWarnings("unchecked")
    private Limits perPartnerKey() {
        Map<String, Object> plan = TemplateJson.properties(TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::UsagePlan")
                .values().stream().filter(p -> String.valueOf(TemplateJson.properties(p).get("UsagePlanName"))
                        .endsWith("-partners")).findFirst().orElseThrow());
        long quota = ((Number) ((Map<String, Object>) plan.get("Quota")).get("Limit")).longValue();
        Map<String, Object> evaluateThrottle = (Map<String, Object>) ((Map<String, Object>) ((List<Map<String, Object>>)
                plan.get("ApiStages")).get(0).get("Throttle")).get("/v2/evaluate/POST");
        double perSecond = ((Number) evaluateThrottle.get("RateLimit")).doubleValue();
        long batch = Long.parseLong((String) evaluateEnvironment().get(LeakcheckStack.ENV_PARTNER_BATCH_LIMIT));
        // Every request of the quota spent on evaluate, each with a full partner batch: the worst case.
        return new Limits(perSecond * 3600 * batch, quota * batch);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> evaluateEnvironment() {
        Map<String, Object> function = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(app.stacks().main().evaluate().function())));
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    /** Every figure of docs/deploy.md's tables, by name, rendered as the document writes it. */
    Map<String, String> figures() {
        Limits address = perAddress();
        Limits partner = perPartnerKey();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("address per hour", count(address.perHour()) + " guesses an hour");
        f.put("address per day", count(address.perDay()) + " a day");
        f.put("address commune-month", duration(address.hours(COMMUNE_MONTH)));
        f.put("address town", duration(address.hours(TOWN)));
        f.put("address kinds per person", duration(address.hours(FACTOR_SPACE)));
        f.put("address gated commune-month", powerOfTen(address.clientDays(COMMUNE_MONTH * FACTOR_SPACE)) + " address-days");
        f.put("address gated town", powerOfTen(address.clientDays(TOWN * FACTOR_SPACE)) + " address-days");
        f.put("partner per day", count(partner.perDay()) + " a day");
        f.put("partner commune-month", duration(partner.hours(COMMUNE_MONTH)));
        f.put("partner town", duration(partner.hours(TOWN)));
        f.put("partner kinds per person", duration(partner.hours(FACTOR_SPACE)));
        f.put("partner gated commune-month", powerOfTen(partner.clientDays(COMMUNE_MONTH * FACTOR_SPACE)) + " key-days");
        f.put("partner gated town", powerOfTen(partner.clientDays(TOWN * FACTOR_SPACE)) + " key-days");
        return f;
    }

    @Test
    void keepsOneAddressAtLeastADayFromACommuneMonthOfNirs() {
        assertTrue(perAddress().hours(COMMUNE_MONTH) >= 24, "floor: 24 h; got " + perAddress().hours(COMMUNE_MONTH));
        assertTrue(perAddress().hours(TOWN) >= 24, "a town takes longer than a commune-month");
    }

    @Test
    void computesTheFiguresFromTheTemplatesLimits() {
        Limits address = perAddress();
        assertEquals(240, address.perHour(), 1e-9, "10 requests per 10 minutes, Q = 4");
        assertEquals(100, address.perDay());
        assertEquals(432, address.hours(COMMUNE_MONTH), 1e-9, "24 × (20 − 2)");
        assertEquals(2_352, address.hours(TOWN), 1e-9);
        Limits partner = perPartnerKey();
        assertEquals(512_000, partner.perDay(), "2,000 requests of 256 elements");
        assertEquals(COMMUNE_MONTH / 2_560.0 / 3600, partner.hours(COMMUNE_MONTH), 1e-9,
                "the throttle, 10 requests of 256: 2,560 guesses/s");
    }

    @Test
    void holdsTheFloorUnderTheMembershipAndGatedPolicies() {
        Limits address = perAddress();
        // membership: the kinds of one found person cost a search of the factor space.
        assertTrue(address.hours(FACTOR_SPACE) > 24 * 365, "more than a year per person's kinds");
        // gated: membership itself needs the factor: every identity times the factor space.
        assertTrue(address.clientDays(COMMUNE_MONTH * FACTOR_SPACE) > 1e6);
    }

    @Test
    void matchesTheFiguresInDocsDeploy() throws IOException {
        String deploy = Files.readString(Path.of("../docs/deploy.md"), StandardCharsets.UTF_8);
        List<String> missing = figures().entrySet().stream().filter(f -> !deploy.contains(f.getValue()))
                .map(f -> f.getKey() + ": \"" + f.getValue() + "\"").toList();
        assertEquals(List.of(), missing, "docs/deploy.md (section Limits) lacks these figures; the full set is "
                + figures());
    }

    @Test
    void matchesTheFiguresInDocsProtocolSection9() throws IOException {
        String protocol = Files.readString(Path.of("../docs/protocol.md"), StandardCharsets.UTF_8);
        String threatModel = protocol.substring(protocol.indexOf("## 9. Threat model"), protocol.indexOf("## 10."));
        Map<String, String> all = figures();
        List<String> missing = List.of("address per hour", "address per day", "address commune-month", "address town",
                        "partner commune-month", "partner town").stream()
                .filter(name -> !threatModel.contains(all.get(name)))
                .map(name -> name + ": \"" + all.get(name) + "\"").toList();
        assertEquals(List.of(), missing, "docs/protocol.md §9 lacks these figures");
    }

    static String count(double n) {
        return String.format(Locale.ROOT, "%,d", Math.round(n));
    }

    /** Hours as the docs write a duration: seconds, minutes, hours, days or years, rounded. */
    static String duration(double hours) {
        if (hours < 10.0 / 3600) {
            return String.format(Locale.ROOT, "%.1f seconds", hours * 3600);
        }
        if (hours < 1.0 / 60) {
            return Math.round(hours * 3600) + " seconds";
        }
        if (hours < 1) {
            return String.format(Locale.ROOT, "%.1f minutes", hours * 60);
        }
        if (hours < 48) {
            return String.format(Locale.ROOT, "%.1f hours", hours);
        }
        double days = hours / 24;
        if (days < 730) {
            return count(days) + " days";
        }
        return count(days / 365.25) + " years";
    }

    /** A large count as "2.0 × 10^7". */
    static String powerOfTen(double n) {
        int exponent = (int) Math.floor(Math.log10(n));
        return String.format(Locale.ROOT, "%.1f × 10^%d", n / Math.pow(10, exponent), exponent);
    }
}
