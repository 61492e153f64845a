//! Toponyms in context (tests/golden/toponyms.tsv): each sentence's place
//! is resolved by `Pipeline::places` and compared with the place meant:
//! its country, and whether it lies within 161 km (100 miles). Prints
//! every miss; fails below the thresholds.

use casus_core::{ArticleMeta, Pipeline};

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let (dp, dl) = (p2 - p1, (b.1 - a.1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().asin()
}

#[test]
fn toponyms_in_context() {
    let p = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/golden/toponyms.tsv"
    );
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (mut n, mut country_ok, mut near) = (0, 0, 0);
    let mut misses = Vec::new();
    for (line, row) in data.lines().enumerate() {
        if row.starts_with('#') || row.starts_with("place\t") || row.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = row.split('\t').collect();
        assert_eq!(f.len(), 5, "{path}:{}: five columns expected", line + 1);
        let (place, country, text) = (f[0], f[1], f[4]);
        let want = (
            f[2].parse::<f64>()
                .unwrap_or_else(|_| panic!("{path}:{}: lat", line + 1)),
            f[3].parse::<f64>()
                .unwrap_or_else(|_| panic!("{path}:{}: lon", line + 1)),
        );
        n += 1;
        let meta = ArticleMeta {
            id: format!("toponym-{}", line + 1),
            ..Default::default()
        };
        let found = p
            .places(meta, text.as_bytes())
            .0
            .into_iter()
            .find(|l| l.text.to_lowercase().contains(&place.to_lowercase()));
        let Some(l) = found else {
            misses.push(format!("{}: {place:?} not found in {text:?}", line + 1));
            continue;
        };
        let got_country = l.country.map(|c| c.to_string()).unwrap_or_default();
        let d = km(want, (l.lat, l.lon));
        country_ok += usize::from(got_country == country);
        near += usize::from(d <= 161.0);
        if got_country != country || d > 161.0 {
            misses.push(format!(
                "{}: {place:?} -> {} ({got_country}), {d:.0} km off",
                line + 1,
                l.name
            ));
        }
    }
    let (acc, within) = (country_ok as f64 / n as f64, near as f64 / n as f64);
    println!("toponyms: {n} cases, country accuracy {acc:.3}, within 161 km {within:.3}");
    for m in &misses {
        println!("  {m}");
    }
    assert!(n >= 100, "only {n} cases");
    assert!(acc >= 0.95, "country accuracy {acc:.3} < 0.95");
    assert!(within >= 0.93, "within 161 km {within:.3} < 0.93");
}

/// The place names of `text` as (words, name, country, precision).
fn places(text: &str) -> Vec<(String, String, String, String)> {
    let p = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
    p.places(ArticleMeta::default(), text.as_bytes())
        .0
        .into_iter()
        .map(|l| {
            (
                l.text,
                l.name,
                l.country.map(|c| c.to_string()).unwrap_or_default(),
                l.precision.to_string(),
            )
        })
        .collect()
}

#[test]
fn a_division_word_makes_the_division() {
    let got = places("A US strike hit a militia depot in Iraq's Anbar province.");
    assert!(
        got.iter().any(|(t, n, c, pr)| t == "Anbar province"
            && n == "Anbar"
            && c == "IRQ"
            && pr == "admin1"),
        "{got:?}"
    );
    // Without it, the city of a division's name is the city.
    let got = places("Shelling killed four people in Donetsk.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Donetsk" && c == "UKR" && pr == "city"),
        "{got:?}"
    );
}

#[test]
fn second_level_divisions_are_known_the_world_over() {
    // GeoNames' districts of Nepal, Afghanistan and Ukraine, named with
    // their word and without the word GeoNames gives them ("Raion").
    let got = places(
        "Clashes broke out in Kailali district. A school burned in Nad Ali district \
         of Helmand. Shells fell on Bakhmut district.",
    );
    for (text, country) in [
        ("Kailali district", "NPL"),
        ("Nad Ali district", "AFG"),
        ("Bakhmut district", "UKR"),
    ] {
        assert!(
            got.iter()
                .any(|(t, _, c, pr)| t == text && c == country && pr == "admin2"),
            "{text}: {got:?}"
        );
    }
    // A county's name without its word is its name: of the counties named
    // "Orange" the largest, not a smaller division abroad so named.
    let got = places("Deputies patrolled Orange County overnight.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Orange County" && c == "USA" && pr == "admin2"),
        "{got:?}"
    );
}

#[test]
fn a_compass_word_after_a_village_and_a_comma_is_no_division() {
    // "North" begins a name the gazetteer lacks; it is not Cameroon's
    // North Province, though a division after "village," would hold it.
    let got = places("A mine killed two herders near Lokori village, North Turkana.");
    assert!(got.iter().all(|(t, ..)| t != "North"), "{got:?}");
}

#[test]
fn the_people_parts_and_offices_of_a_town_make_it_a_place() {
    // Small towns with no preposition before them: "X's mayor", "the
    // villagers of X", "X Governor".
    for (text, town, country) in [
        (
            "Protesters blocked the office of Matale's mayor.",
            "Matale",
            "LKA",
        ),
        (
            "Villagers of Rayagada marched to the collector's office.",
            "Rayagada",
            "IND",
        ),
        ("Youths heckled Kitui Governor at a rally.", "Kitui", "KEN"),
    ] {
        let got = places(text);
        assert!(
            got.iter().any(|(t, _, c, _)| t == town && c == country),
            "{text}: {got:?}"
        );
    }
    // A second-level division's own name with its word needs no other.
    let got = places("Officials in Amphoe Sikao counted the dead.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Amphoe Sikao" && c == "THA" && pr == "admin2"),
        "{got:?}"
    );
}

#[test]
fn a_division_is_read_by_its_other_names() {
    // GeoNames' other names of first-level divisions.
    for (text, name, country) in [
        (
            "Police shot a trader in Tharaka-Nithi.",
            "Tharaka-Nithi",
            "KEN",
        ),
        (
            "Floods cut roads across Gezira State.",
            "Gezira State",
            "SDN",
        ),
    ] {
        let got = places(text);
        assert!(
            got.iter()
                .any(|(t, _, c, pr)| t == name && c == country && pr == "admin1"),
            "{text}: {got:?}"
        );
    }
    // Only a short form read after a town and a comma is one ("In" is
    // Indiana only in "Gary, In"), and a compass word is no other name of
    // a division (Sudan's Northern State is also "Northern").
    let got = places("In the end, rangers in the Northern Territory found the boat.");
    assert!(
        got.iter().all(|(t, _, c, _)| t != "In" && c != "SDN"),
        "{got:?}"
    );
}

#[test]
fn people_and_words_named_like_towns_are_no_places() {
    // Jordan the player, Police the word: neither is a place here.
    let got = places("Michael Jordan said on Monday he would sell his stake in the team.");
    assert!(got.iter().all(|(t, ..)| t != "Jordan"), "{got:?}");
    let got = places("Police said the suspect had fled.");
    assert!(got.is_empty(), "{got:?}");
    // A month is a date, not the English town of that name.
    let got = places("The agreement was signed in March 2001.");
    assert!(got.is_empty(), "{got:?}");
    // A compass word is no division ("Western" province of Sri Lanka).
    let got = places("Troops retook a village in Western Cambodia.");
    assert!(got.iter().all(|(t, ..)| t != "Western"), "{got:?}");
}

#[test]
fn an_alias_never_overrides_a_name() {
    // GeoNames lists "Islamabad" as an old name of Chittagong.
    let got = places("Police arrested hundreds of migrants in Islamabad.");
    assert!(
        got.iter()
            .any(|(t, _, c, _)| t == "Islamabad" && c == "PAK"),
        "{got:?}"
    );
}

/// As [`places`], with each place's coordinates and how the text names it.
fn placed(text: &str) -> Vec<(String, String, f64, f64, String)> {
    let p = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
    p.places(ArticleMeta::default(), text.as_bytes())
        .0
        .into_iter()
        .map(|l| (l.text, l.name, l.lat, l.lon, l.form.to_string()))
        .collect()
}

#[test]
fn a_country_stands_at_its_geonames_point() {
    // GeoNames puts Russia at 60 N, 100 E, far east of where most Russians
    // live; geoparsing test sets and GDELT use that point.
    let got = placed("Grain exports from Russia fell for a third month.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "Russia" && km((*lat, *lon), (60.0, 100.0)) < 1.0),
        "{got:?}"
    );
}

#[test]
fn a_demonym_stands_for_its_country_and_says_so() {
    let got = placed("Two Kenyan runners and a Moroccan coach arrived late.");
    for word in ["Kenyan", "Moroccan"] {
        assert!(
            got.iter()
                .any(|(t, _, _, _, f)| t == word && f == "demonym"),
            "{word}: {got:?}"
        );
    }
    // A name is a name, not a demonym.
    let got = placed("The convoy reached Kenya at dawn.");
    assert!(
        got.iter()
            .any(|(t, _, _, _, f)| t == "Kenya" && f == "name"),
        "{got:?}"
    );
}

#[test]
fn a_continent_demonym_stands_for_its_continent() {
    let got = placed("Asian buyers and European regulators met African ministers.");
    for (word, lat) in [("Asian", 29.8), ("European", 48.7), ("African", 7.2)] {
        assert!(
            got.iter()
                .any(|(t, _, la, _, f)| t == word && f == "demonym" && (la - lat).abs() < 0.5),
            "{word}: {got:?}"
        );
    }
    // Shelling in Eastern Ghouta, a region the town table lacks.
    let got = places("Shelling hit Eastern Ghouta again.");
    assert!(
        got.iter()
            .any(|(t, _, c, _)| t == "Eastern Ghouta" && c == "SYR"),
        "{got:?}"
    );
}

#[test]
fn a_place_joined_by_and_to_a_place_is_one() {
    // Texas' small town of Pflugerville would need "in"; after "Austin and"
    // it has its context.
    let got = places("Storms hit homes in Austin and Pflugerville overnight.");
    assert!(
        got.iter()
            .any(|(t, _, c, _)| t == "Pflugerville" && c == "USA"),
        "{got:?}"
    );
}

#[test]
fn a_large_division_needs_no_preposition() {
    // Named by two words, or standing alone among lower-case words.
    let got = places("Farmers said New Mexico and Bavaria had the driest spring.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "New Mexico" && c == "USA" && pr == "admin1"),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(t, _, c, _)| t == "Bavaria" && c == "DEU"),
        "{got:?}"
    );
    // A division's name that begins a person's is no place (Miranda is
    // a Venezuelan state of three million).
    let got = places("Miranda Lambert said the tour had ended.");
    assert!(got.iter().all(|(t, ..)| t != "Miranda"), "{got:?}");
}

#[test]
fn a_continent_is_a_place() {
    let got = placed("Exporters expect Africa to buy more wheat.");
    assert!(
        got.iter().any(|(t, n, ..)| t == "Africa" && n == "Africa"),
        "{got:?}"
    );
}

#[test]
fn a_county_is_named_with_its_word() {
    let got = places("Fires burned in Orange County on Sunday.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Orange County" && c == "USA" && pr == "admin2"),
        "{got:?}"
    );
    // A word that is also a county's name, without "County", is none.
    let got = places("A Christian charity opened a shelter.");
    assert!(got.is_empty(), "{got:?}");
    // "Province" after a country's name does not make a foreign county of
    // it: only a county word admits second-level divisions.
    let got = places("Unrest spread in Montenegro province last week.");
    assert!(got.iter().all(|(_, _, _, pr)| pr != "admin2"), "{got:?}");
}

#[test]
fn a_name_inside_another_name_is_no_place() {
    // An organisation's name: the university, not the town.
    let got = places("Students marched from Cumhuriyet University to the square.");
    assert!(got.iter().all(|(t, ..)| t != "Cumhuriyet"), "{got:?}");
    // The head of "X of Y": not the Chinese town GeoNames spells Lin'e.
    let got = places("Shots were fired along the Line of Control in Kashmir.");
    assert!(got.iter().all(|(t, ..)| t != "Line"), "{got:?}");
}

#[test]
fn a_place_word_after_a_name_makes_it_a_place() {
    // Homa Bay, a Kenyan town of 45,000, needs no preposition before
    // "town"; nor does Jumla before "districts" (plural).
    let got = places("Traders of Homa Bay town shut their stalls.");
    assert!(
        got.iter().any(|(t, _, c, _)| t == "Homa Bay" && c == "KEN"),
        "{got:?}"
    );
    let got = places("Floods cut roads across Mugu and Jumla districts.");
    assert!(
        got.iter().any(|(t, _, c, _)| t == "Jumla" && c == "NPL"),
        "{got:?}"
    );
    // GeoNames knows Rayagada's district: the words name it.
    let got = places("Elephants trampled crops in remote Rayagada district.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Rayagada district" && c == "IND" && pr == "admin2"),
        "{got:?}"
    );
    // Without the word, the town is too small to be read alone.
    let got = places("Traders of Homa Bay shut their stalls.");
    assert!(got.iter().all(|(t, ..)| t != "Homa Bay"), "{got:?}");
}

#[test]
fn a_small_town_inside_a_longer_name_is_no_place() {
    // "Police" (a Polish town) begins the name of a station, "Tam" (a
    // Colombian town's alias) a Vietnamese commune's, "Rashid" ends a
    // man's name.
    let got = places("A bomb went off at the Police Station of the town.");
    assert!(got.iter().all(|(t, ..)| t != "Police"), "{got:?}");
    let got = places("Farmers gathered in Tam Son Commune after the harvest.");
    assert!(got.iter().all(|(t, ..)| t != "Tam"), "{got:?}");
    let got = places("Gunmen shot a constable, Imran Rashid, outside his house.");
    assert!(got.iter().all(|(t, ..)| t != "Rashid"), "{got:?}");
    // A large city's name still points at the city ("Dubai Police"), and
    // a weekday after a name is no part of it.
    let got = places("Dubai Police closed two roads.");
    assert!(got.iter().any(|(t, ..)| t == "Dubai"), "{got:?}");
    let got = places("Two shops burned in Kericho Tuesday.");
    assert!(got.iter().any(|(t, ..)| t == "Kericho"), "{got:?}");
}

#[test]
fn a_town_lies_in_the_division_or_country_after_its_comma() {
    // Paris in Missouri, not France; the small town is read for the
    // division after it.
    let got = places("A Paris, Missouri, farmer lost two barns to the fire.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Paris" && c == "USA" && pr == "city"),
        "{got:?}"
    );
    // A town the gazetteer lacks in that division: the division itself.
    let got = places("She was raised in Churchill, Man. and moved away at ten.");
    assert!(
        got.iter()
            .any(|(t, n, c, _)| t == "Churchill" && n == "Manitoba" && c == "CAN"),
        "{got:?}"
    );
}

#[test]
fn a_division_is_written_short_only_after_a_town() {
    // The AP's and the post's forms after "Town,".
    let got = places("The plant in Russellville, Ark. and one near Austin, TX closed.");
    for (short, name) in [("Ark.", "Arkansas"), ("TX", "Texas")] {
        assert!(
            got.iter()
                .any(|(t, n, _, pr)| t == short && n == name && pr == "admin1"),
            "{short}: {got:?}"
        );
    }
    // Elsewhere the same letters are words or no division: "In", "Or",
    // "Ind." (an independent).
    let got = places("In the end, Or so they said, the Ind. member stayed.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_dateline_places_its_town_and_the_towns_of_that_name() {
    // Glasgow, Kentucky, not Scotland: in the dateline and in the text.
    let got = placed("GLASGOW, Ky. (WBKO) - A truck hit a school bus in Glasgow on Monday.");
    let near = |lat: f64, lon: f64| km((lat, lon), (37.0, -85.91)) < 30.0;
    assert!(
        got.iter()
            .filter(|(t, ..)| t.eq_ignore_ascii_case("Glasgow"))
            .count()
            == 2,
        "{got:?}"
    );
    assert!(
        got.iter()
            .filter(|(t, ..)| t.eq_ignore_ascii_case("Glasgow"))
            .all(|(_, _, lat, lon, _)| near(*lat, *lon)),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(t, n, ..)| t == "Ky." && n == "Kentucky"),
        "{got:?}"
    );
}

#[test]
fn a_great_city_named_like_its_division_is_the_city() {
    // GeoNames calls the city "New York City" and the state "New York";
    // news means the city.
    let got = placed("Subway riders in New York waited an hour on Monday.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "New York" && km((*lat, *lon), (40.71, -74.01)) < 30.0),
        "{got:?}"
    );
    // A small town's other name does not stand for a division's own.
    let got = places("Floods closed roads across Missouri and Montana.");
    assert!(
        got.iter()
            .any(|(t, n, _, pr)| t == "Missouri" && n == "Missouri" && pr == "admin1"),
        "{got:?}"
    );
}

#[test]
fn a_lower_case_compass_word_is_no_part_of_a_town_name() {
    // The east of London, not the South African city of East London.
    let got = placed("A man was stabbed in east London on Friday.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "London" && km((*lat, *lon), (51.51, -0.13)) < 30.0),
        "{got:?}"
    );
    // A hand-kept region keeps it.
    let got = places("Troops moved into south Lebanon overnight.");
    assert!(got.iter().any(|(t, ..)| t == "south Lebanon"), "{got:?}");
}

#[test]
fn a_speaker_named_like_a_town_is_no_place() {
    // Paterson, New Jersey, has 145,000 people; here it is a man.
    let got = places("Paterson said the plan would cost too much.");
    assert!(got.is_empty(), "{got:?}");
    // A great city that speaks is its government, standing for the city.
    let got = places("Beijing said it would answer the tariffs.");
    assert!(got.iter().any(|(t, ..)| t == "Beijing"), "{got:?}");
    // "Centre" names regions of France and Cameroon, but is a noun here.
    let got = places("The Centre wrote twice last year to the state.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_town_is_the_namesake_near_the_places_the_article_names() {
    // Ontario named: London is the Ontario city, not the British capital.
    let got =
        placed("Flooding closed roads across Ontario. In London, crews pumped out basements.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "London" && km((*lat, *lon), (42.98, -81.23)) < 50.0),
        "{got:?}"
    );
    // Without it, London is London.
    let got = placed("In London, crews pumped out basements.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "London" && km((*lat, *lon), (51.51, -0.13)) < 50.0),
        "{got:?}"
    );
}

#[test]
fn a_british_county_needs_no_county_word() {
    // Kent, Washington, is a city of 130,000; in a British story "Kent"
    // is the English county.
    let got = places("British police in Kent arrested two men after the raid.");
    assert!(
        got.iter()
            .any(|(t, n, c, pr)| t == "Kent" && n == "Kent" && c == "GBR" && pr == "admin2"),
        "{got:?}"
    );
    // Inside England, Hampshire is the county, not the Illinois village.
    let got = places("The couple lived near Andover in Hampshire, England.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Hampshire" && c == "GBR" && pr == "admin2"),
        "{got:?}"
    );
    // An American county still needs its word: "Orange" alone is no county.
    let got = places("Fires spread in Orange on Tuesday.");
    assert!(!got.iter().any(|(.., pr)| pr == "admin2"), "{got:?}");
}

#[test]
fn a_nation_of_britain_is_a_place_of_its_own() {
    // "Wales" is Britain as an actor, but as a place it is Wales.
    let got = places("Storms cut power to 20,000 homes in Wales and Scotland.");
    assert!(
        got.iter()
            .any(|(t, n, _, pr)| t == "Wales" && n == "Wales" && pr == "admin1"),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(t, n, _, pr)| t == "Scotland" && n == "Scotland" && pr == "admin1"),
        "{got:?}"
    );
}

#[test]
fn a_region_or_sea_across_countries_is_a_place() {
    // Not the American hamlet named Middle East, nor Africa as a whole.
    let got = places("Prices rose across the Middle East and North Africa.");
    assert!(
        got.iter().any(|(t, n, c, pr)| t == "the Middle East"
            && n == "Middle East"
            && c.is_empty()
            && pr == "admin1"),
        "{got:?}"
    );
    assert!(got.iter().any(|(_, n, ..)| n == "North Africa"), "{got:?}");
    // A sea is a place; "the EU" that acts is an actor, one that
    // receives goods a place.
    let got = places("Tankers crossed the Black Sea. The EU said exports to the EU fell.");
    assert!(got.iter().any(|(_, n, ..)| n == "Black Sea"), "{got:?}");
    let eu: Vec<_> = got
        .iter()
        .filter(|(_, n, ..)| n == "European Union")
        .collect();
    assert_eq!(eu.len(), 1, "{got:?}");
}

#[test]
fn a_division_after_an_unknown_district_and_a_comma_holds_it() {
    // The gazetteer lacks the district; the province after it stands, as
    // the province and not its town of the same name.
    let got = places("Gunmen fired on a checkpoint in Yi Ngor district, Narathiwat.");
    assert!(
        got.iter()
            .any(|(t, _, c, pr)| t == "Narathiwat" && c == "THA" && pr == "admin1"),
        "{got:?}"
    );
    // Without the district word the comma says nothing.
    let got = places("Gunmen fired, Narathiwat officials said.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_division_stands_at_its_geonames_point_where_we_have_it() {
    // GeoNames puts Ontario at 49.25 N, 84.50 W, in the middle of its
    // land, far north of the towns along the lakes.
    let got = placed("Wildfires spread across northern Ontario on Sunday.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "Ontario" && km((*lat, *lon), (49.25, -84.5)) < 1.0),
        "{got:?}"
    );
}

#[test]
fn the_dateline_town_holds_its_name_where_only_a_great_city_is_reached() {
    // London, Kentucky, has 8,000 people: "London" alone reaches only the
    // British capital, but under this dateline it is the Kentucky town.
    let got = placed("LONDON, Ky. (WKYT) - London Police arrested two men on Monday.");
    let near = |lat: f64, lon: f64| km((lat, lon), (37.13, -84.08)) < 20.0;
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "London" && near(*lat, *lon)),
        "{got:?}"
    );
    // Without the dateline, London is London.
    let got = placed("London Police arrested two men on Monday.");
    assert!(
        got.iter()
            .any(|(t, _, lat, lon, _)| t == "London" && km((*lat, *lon), (51.51, -0.13)) < 30.0),
        "{got:?}"
    );
}

#[test]
fn a_nations_adjective_is_no_town_and_a_regions_is_the_region() {
    // English, Indiana, and Canadian, Texas, are towns; here the words
    // are a language and a nation's adjective.
    let got = places("The notice was printed in English. A Canadian official read it.");
    assert!(!got.iter().any(|(.., pr)| pr == "city"), "{got:?}");
    // "Central American" is the region, not the United States.
    let got = places("Central American migrants waited at the border.");
    assert!(
        got.iter()
            .any(|(t, n, c, _)| t == "Central American" && n == "Central America" && c.is_empty()),
        "{got:?}"
    );
}

#[test]
fn a_namesake_in_the_datelines_division_is_the_one_meant() {
    // Local news: under a Missouri dateline, Monroe County is Missouri's,
    // not the larger one around Rochester, New York.
    let got = places_in_division("HOLLIDAY, Mo. - The crash closed a road in Monroe County.");
    assert!(
        got.iter()
            .any(|(t, a)| t == "Monroe County" && a == "Missouri"),
        "{got:?}"
    );
}

fn places_in_division(text: &str) -> Vec<(String, String)> {
    let p = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
    p.places(ArticleMeta::default(), text.as_bytes())
        .0
        .into_iter()
        .map(|l| (l.text, l.admin1.unwrap_or_default()))
        .collect()
}
