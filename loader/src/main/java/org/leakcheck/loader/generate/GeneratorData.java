package org.leakcheck.loader.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in lists the generator draws from (resources next to this class, UTF-8). They hold
 * common names and public geography only: no real person is in them, and the generator combines
 * them at random.
 */
final class GeneratorData {

    /** A postcode and city; {@code department} is the NIR department code of a birth there. */
    record City(String postcode, String name, String department, boolean overseas, boolean corsica) {
    }

    /** A country of birth with its INSEE code (NIR "commune" for department 99). */
    record Country(String code, String name) {
    }

    /** An analysis with its unit, reference values and how to draw a result. */
    record Analysis(String code, String label, String unit, String reference, double min, double max,
                    int decimals, String[] outcomes) {
    }

    final WordList lastNames = WordList.ranked("last-names.txt", 12);
    final WordList femaleNames = WordList.ranked("first-names-female.txt", 8);
    final WordList maleNames = WordList.ranked("first-names-male.txt", 8);
    final WordList streets = WordList.uniform("streets.txt");
    final WordList streetTypes = WordList.uniform("street-types.txt");
    final WordList insurers = WordList.ranked("insurers.txt", 4);
    final WordList caisses = WordList.ranked("caisses.txt", 6);
    final WordList laboratories = WordList.ranked("laboratories.txt", 10);
    final WordList treatments = WordList.uniform("treatments.txt");
    final WordList pathologies = WordList.uniform("pathologies.txt");
    final WordList allergies = WordList.uniform("allergies.txt");
    final WordList comments = WordList.uniform("comments.txt");
    final WordList observations = WordList.uniform("observations.txt");
    final City[] cities;
    final double[] cityWeights;
    final City[] mainlandCities;
    final double[] mainlandWeights;
    final City[] overseasCities;
    final City[] corsicanCities;
    final Country[] countries;
    final Analysis[] analyses;

    GeneratorData() {
        String[] cityLines = WordList.read("cities.txt");
        cities = new City[cityLines.length];
        List<City> mainland = new ArrayList<>();
        List<City> overseas = new ArrayList<>();
        List<City> corsica = new ArrayList<>();
        for (int i = 0; i < cityLines.length; i++) {
            String[] parts = cityLines[i].split(";", 2);
            String postcode = parts[0];
            boolean isOverseas = postcode.startsWith("97");
            boolean isCorsica = postcode.startsWith("20");
            String department = isOverseas ? postcode.substring(0, 3)
                    : isCorsica ? (postcode.startsWith("202") ? "2B" : "2A") : postcode.substring(0, 2);
            City city = new City(postcode, parts[1], department, isOverseas, isCorsica);
            cities[i] = city;
            (isOverseas ? overseas : isCorsica ? corsica : mainland).add(city);
        }
        cityWeights = WordList.rankCumulative(cities.length, 6);
        mainlandCities = mainland.toArray(new City[0]);
        mainlandWeights = WordList.rankCumulative(mainlandCities.length, 6);
        overseasCities = overseas.toArray(new City[0]);
        corsicanCities = corsica.toArray(new City[0]);

        String[] countryLines = WordList.read("countries.txt");
        countries = new Country[countryLines.length];
        for (int i = 0; i < countryLines.length; i++) {
            String[] parts = countryLines[i].split(";", 2);
            countries[i] = new Country(parts[0], parts[1]);
        }

        String[] analysisLines = WordList.read("analyses.txt");
        analyses = new Analysis[analysisLines.length];
        for (int i = 0; i < analysisLines.length; i++) {
            String[] p = analysisLines[i].split(";", -1);
            String spec = p[4];
            if (spec.startsWith("num:")) {
                String[] n = spec.split(":");
                analyses[i] = new Analysis(p[0], p[1], p[2], p[3], Double.parseDouble(n[1]), Double.parseDouble(n[2]),
                        Integer.parseInt(n[3]), null);
            } else {
                analyses[i] = new Analysis(p[0], p[1], p[2], p[3], 0, 0, 0, spec.split("\\|"));
            }
        }
    }

    City city(Rng rng) {
        return cities[WordList.pickIndex(cityWeights, rng)];
    }

    City mainlandCity(Rng rng) {
        return mainlandCities[WordList.pickIndex(mainlandWeights, rng)];
    }
}
