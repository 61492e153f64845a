//! One sentence or two per construction the event stages handle, checked
//! through one helper: each record is summarised as
//! `TYPE SOURCE->TARGET @LOCATION DATE` (countries, `-` for none). A
//! failure prints what came out, so the rule that broke is plain.

use casus_core::{ArticleMeta, Date, Pipeline};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().unwrap_or_else(|e| panic!("{e}")))
}

fn summary(text: &str, date: &str) -> Vec<String> {
    let meta = ArticleMeta {
        id: "t".into(),
        date: Date::parse_iso(date),
        ..Default::default()
    };
    let c = |a: &Option<casus_core::record::ActorRecord>| {
        a.as_ref()
            .and_then(|a| a.country)
            .map_or("-".into(), |c| c.to_string())
    };
    pipeline()
        .extract_text(meta, text)
        .records
        .iter()
        .map(|r| {
            format!(
                "{} {}->{} @{} {}",
                r.event_type,
                c(&r.source),
                c(&r.target),
                r.location
                    .as_ref()
                    .and_then(|l| l.country)
                    .map_or("-".into(), |c| c.to_string()),
                r.date.map_or("-".into(), |d| d.to_string())
            )
        })
        .collect()
}

/// Asserts that every expected summary is among the records.
fn check(text: &str, date: &str, expected: &[&str]) {
    let got = summary(text, date);
    for e in expected {
        assert!(
            got.iter().any(|g| g == e),
            "expected {e:?} from {text:?}\ngot {got:#?}"
        );
    }
}

/// Asserts that no record has this event type.
fn check_none(text: &str, date: &str, event_type: &str) {
    let got = summary(text, date);
    assert!(
        !got.iter().any(|g| g.starts_with(event_type)),
        "no {event_type} expected from {text:?}\ngot {got:#?}"
    );
}

#[test]
fn active_voice_and_weekday_looking_back() {
    check(
        "Russian forces shelled Kharkiv on Friday, killing two people.",
        "2024-01-07",
        &["ASSAULT RUS->UKR @UKR 2024-01-05"],
    );
}

#[test]
fn passive_voice_takes_the_agent_from_by() {
    check(
        "A refugee camp near Goma was attacked by rebels of the Allied Democratic Forces on Monday.",
        "2024-03-06",
        &["ASSAULT COD->COD @COD 2024-03-04"],
    );
}

#[test]
fn strikes_in_two_countries_are_two_records() {
    check(
        "U.S. warplanes struck Iranian-backed militias in Iraq and Syria on Friday.",
        "2024-02-04",
        &[
            "ASSAULT USA->IRQ @IRQ 2024-02-02",
            "ASSAULT USA->SYR @SYR 2024-02-02",
        ],
    );
}

#[test]
fn negated_and_hypothetical_deeds_are_not_events() {
    check_none(
        "Israel did not attack the convoy, the army said.",
        "2024-01-01",
        "ASSAULT",
    );
    check_none(
        "Officials fear that Iran could strike Israel within days.",
        "2024-01-01",
        "ASSAULT",
    );
}

#[test]
fn a_threat_is_the_threat_not_the_deed() {
    let got = summary(
        "Iran threatened on Tuesday to close the Strait of Hormuz.",
        "2024-01-04",
    );
    assert!(
        got.iter().any(|g| g.starts_with("THREATEN IRN->")),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.starts_with("COERCE")), "{got:?}");
}

#[test]
fn one_who_says_another_must_is_the_source() {
    check(
        "Britain said on Monday that Libya must hand over the two suspects.",
        "2024-01-09",
        &["REQUEST GBR->LBY @GBR 2024-01-08"],
    );
}

#[test]
fn a_condemnation_targets_whoever_did_the_deed() {
    check(
        "Gunmen from al-Shabaab attacked a hotel in Mogadishu on Friday. Kenya condemned the attack on Saturday.",
        "2024-01-07",
        &["ACCUSE KEN->SOM @KEN 2024-01-06"],
    );
}

#[test]
fn a_denial_answers_the_accusation() {
    check(
        "Ukraine accused Russia of shelling the plant on Sunday. Moscow denied the claim.",
        "2024-01-08",
        &[
            "ACCUSE UKR->RUS @UKR 2024-01-07",
            "REJECT RUS->UKR @RUS 2024-01-07",
        ],
    );
}

#[test]
fn casualties_reported_later_join_the_attack() {
    let ex = pipeline().extract_text(
        ArticleMeta { id: "t".into(), date: Date::parse_iso("2024-05-02"), ..Default::default() },
        "A car bomb exploded in Kirkuk on Wednesday. Police said 12 people had been killed and 30 wounded.",
    );
    let bomb = ex
        .records
        .iter()
        .find(|r| r.event_type == "ASSAULT")
        .unwrap_or_else(|| panic!("{:?}", ex.records));
    assert_eq!((bomb.fatalities, bomb.injuries), (Some(12), Some(30)));
    assert_eq!(
        ex.records
            .iter()
            .filter(|r| r.event_type == "ASSAULT")
            .count(),
        1
    );
}

/// The records of `text` in an article of 2 May 2024.
fn records_of(text: &str) -> Vec<casus_core::record::Record> {
    pipeline()
        .extract_text(
            ArticleMeta {
                id: "t".into(),
                date: Date::parse_iso("2024-05-02"),
                ..Default::default()
            },
            text,
        )
        .records
}

/// The toll of the first ASSAULT record of `text`.
fn toll(text: &str) -> (Option<u32>, Option<u32>) {
    let records = records_of(text);
    let r = records
        .iter()
        .find(|r| r.event_type == "ASSAULT")
        .unwrap_or_else(|| panic!("no ASSAULT in {text:?}: {records:?}"));
    (r.fatalities, r.injuries)
}

#[test]
fn a_toll_is_read_from_the_victim_however_far_from_its_verb() {
    // The number on the passive subject, a long modifier between.
    assert_eq!(
        toll("Four herders who had crossed into the grazing lands were shot dead by raiders on Sunday.").0,
        Some(4)
    );
    // "of" after the victim, and a second verb sharing its subject.
    assert_eq!(
        toll("A nephew of the district governor was abducted and killed by gunmen.").0,
        Some(1)
    );
    // The object of the harm verb, coordinated.
    assert_eq!(
        toll("Militants stormed the camp, killing a guard and two cooks.").0,
        Some(3)
    );
}

#[test]
fn a_toll_of_none_or_one_said_after_the_deed_joins_it() {
    assert_eq!(
        toll("Rebels attacked an army post near the dam. No casualties were reported."),
        (Some(0), Some(0))
    );
    assert_eq!(
        toll("Gunmen attacked a police post in the hills. A constable died of his wounds.").0,
        Some(1)
    );
}

#[test]
fn a_deed_noun_keeps_its_nationality_through_a_coordinated_compound() {
    // "artillery and rocket fire": nouns joined inside the compound; the
    // place is what the fire "hit".
    check(
        "Turkish artillery and rocket fire hit Aleppo on Sunday.",
        "2024-03-12",
        &["ASSAULT TUR->SYR @SYR 2024-03-10"],
    );
}

#[test]
fn a_compass_direction_of_a_place_says_where() {
    check(
        "Kenyan troops attacked a militant camp 30 km north of Kismayo on Friday.",
        "2024-03-12",
        &["ASSAULT KEN->SOM @SOM 2024-03-08"],
    );
}

#[test]
fn a_charge_at_a_crowd_or_with_batons_is_force() {
    check(
        "Riot police charged the marchers with truncheons in Dhaka on Monday.",
        "2024-03-12",
        &["ASSAULT BGD->BGD @BGD 2024-03-11"],
    );
    // A charge with a crime stays an accusation.
    check(
        "Police in Dhaka charged the mayor with fraud on Monday.",
        "2024-03-12",
        &["ACCUSE BGD->BGD @BGD 2024-03-11"],
    );
}

#[test]
fn a_nationality_before_a_place_noun_is_no_target() {
    // "the Afghan town of": whose the town is, not whom the bomb hit (the
    // unnamed bombers are of the place).
    check(
        "Two Dutch soldiers were killed by a roadside bomb outside of the Afghan city of Kandahar on Monday.",
        "2024-03-12",
        &["ASSAULT AFG->NLD @AFG 2024-03-11"],
    );
}

#[test]
fn a_nationality_before_a_place_noun_places_a_deed_that_names_no_place() {
    // No place is named, but "a Syrian village" says which country.
    check(
        "Israeli jets struck Hezbollah positions near a Syrian village on Monday.",
        "2024-03-12",
        &["ASSAULT ISR->LBN @SYR 2024-03-11"],
    );
}

#[test]
fn freeing_captives_is_a_release() {
    check(
        "Militants freed a Dutch reporter in Kidal on Saturday.",
        "2024-03-12",
        &["RETREAT MLI->NLD @MLI 2024-03-09"],
    );
    check_none(
        "The opposition wants free and fair elections in Mali.",
        "2024-03-12",
        "RETREAT",
    );
}

#[test]
fn ethnic_groups_belong_where_they_live() {
    check(
        "Ethnic Albanians in southern Serbia demonstrated on Tuesday against the government.",
        "2024-01-10",
        &["PROTEST SRB->SRB @SRB 2024-01-09"],
    );
}

#[test]
fn background_clauses_are_not_news() {
    check_none(
        "Serbia lifted a curfew in the town, where 28 people have been killed in riots this year.",
        "2024-01-10",
        "ASSAULT",
    );
}

#[test]
fn a_participle_with_of_describes_the_actor_before_it() {
    // The accusation is the actor's past, not news of the day.
    check_none(
        "Chile handed over five men to Peru on Monday, among them a smuggler accused of bribing customs officers.",
        "2024-01-10",
        "ACCUSE",
    );
    // A headline's subject is not inside a noun phrase: it is accused.
    let got = summary("Police accused of beating protesters in Lima", "2024-01-10");
    assert!(
        got.iter().any(|g| g.starts_with("ACCUSE -->PER")),
        "{got:?}"
    );
    // "warned of" is active: the one who warns is the source.
    check(
        "Peru's defence minister warned of Chilean plans on Monday.",
        "2024-01-10",
        &["THREATEN PER->CHL @PER 2024-01-08"],
    );
}

#[test]
fn a_person_acts_in_the_role_held_on_the_articles_date() {
    // From the Phoenix dictionaries: a South Korean minister until 2006,
    // then head of the United Nations.
    let text = "Ban Ki-moon met the Japanese foreign minister in Tokyo on Monday.";
    let source = |date: &str| {
        let ex = pipeline().extract_text(
            ArticleMeta {
                id: "t".into(),
                date: Date::parse_iso(date),
                ..Default::default()
            },
            text,
        );
        let s = ex.records.first().and_then(|r| r.source.clone());
        s.map(|a| {
            (
                a.country.map(|c| c.to_string()),
                a.sector.map(|s| s.to_string()),
            )
        })
    };
    assert_eq!(
        source("2005-08-12"),
        Some((Some("KOR".into()), Some("GOV".into())))
    );
    assert_eq!(source("2012-05-12"), Some((None, Some("IGO".into()))));
}

#[test]
fn a_verb_to_death_is_a_killing() {
    // "hack" alone is a computer intrusion; "hacked to death" kills.
    let got = summary(
        "A village chief was hacked to death by unidentified men in Kushtia district on Monday.",
        "2024-01-10",
    );
    assert!(
        // "unidentified men": attackers of the place.
        got.iter().any(|g| g.starts_with("ASSAULT BGD->BGD @BGD")),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.starts_with("COERCE")), "{got:?}");
}

#[test]
fn a_visit_targets_the_host() {
    check(
        "Chinese President Xi Jinping arrived in Moscow on Monday for talks.",
        "2023-03-21",
        &["CONSULT CHN->RUS @RUS 2023-03-20"],
    );
}

#[test]
fn sponsor_is_not_nationality() {
    let ex = pipeline().extract_text(
        ArticleMeta {
            id: "t".into(),
            date: Date::parse_iso("2024-01-21"),
            ..Default::default()
        },
        "Israeli jets struck Iranian-backed fighters in Syria on Saturday.",
    );
    let r = ex
        .records
        .iter()
        .find(|r| r.event_type == "ASSAULT")
        .unwrap_or_else(|| panic!("{:?}", ex.records));
    let t = r.target.as_ref().unwrap_or_else(|| panic!("no target"));
    assert_eq!(t.country.map(|c| c.to_string()).as_deref(), Some("SYR"));
    assert_eq!(t.sponsor.map(|c| c.to_string()).as_deref(), Some("IRN"));
}

#[test]
fn protests_arrests_sanctions_and_pacts() {
    check(
        "Protesters marched in Nairobi on Thursday against new taxes.",
        "2024-06-21",
        &["PROTEST KEN->KEN @KEN 2024-06-20"],
    );
    check(
        "Police arrested 40 opposition supporters in Harare on Sunday.",
        "2024-06-17",
        &["COERCE ZWE->ZWE @ZWE 2024-06-16"],
    );
    check(
        "The European Union imposed new sanctions on Belarus on Monday.",
        "2024-06-18",
        &["SANCTION -->BLR @- 2024-06-17"],
    );
    check(
        "Turkish warplanes struck Kurdish militants in northern Iraq on Friday.",
        "2024-06-16",
        &["ASSAULT TUR->IRQ @IRQ 2024-06-14"],
    );
    let got = summary(
        "Japan and the Philippines signed a defence pact in Manila on Monday.",
        "2024-07-09",
    );
    assert!(
        got.iter().any(|g| g.ends_with("JPN->PHL @PHL 2024-07-08")),
        "{got:?}"
    );
}

#[test]
fn dates_in_news_forms() {
    check(
        "Gunmen killed five villagers near Maiduguri on Jan. 28, officials said.",
        "2024-02-01",
        &["ASSAULT NGA->NGA @NGA 2024-01-28"],
    );
    check(
        "Israeli troops raided the city of Jenin yesterday.",
        "2024-02-01",
        &["ASSAULT ISR->PSE @PSE 2024-01-31"],
    );
    check(
        "North Korea fired a ballistic missile into the sea three days ago.",
        "2024-02-04",
        &["ASSAULT PRK->- @PRK 2024-02-01"],
    );
}

#[test]
fn wire_dateline_places_a_statement() {
    check(
        "BEIRUT, March 5 (Reuters) - Hezbollah warned Israel on Tuesday that it would respond to any attack.",
        "2024-03-06",
        &["THREATEN LBN->ISR @LBN 2024-03-05"],
    );
}

#[test]
fn a_story_keeps_its_place_and_weapons_point_to_their_launchers() {
    check(
        "Thousands of people rallied in Tbilisi on Sunday against a proposed law. Police detained 20 protesters.",
        "2024-05-20",
        &["PROTEST GEO->GEO @GEO 2024-05-19", "COERCE GEO->GEO @GEO 2024-05-19"],
    );
    check(
        "U.S. forces shot down four drones launched by the Houthis over the Red Sea on Saturday.",
        "2024-05-20",
        &["ASSAULT USA->YEM @- 2024-05-18"],
    );
}

#[test]
fn an_announced_meeting_is_dated_when_announced() {
    let got = summary(
        "The Security Council will meet on Tuesday to discuss Haiti.",
        "2024-05-20",
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("AGREE") && g.ends_with("2024-05-20")),
        "{got:?}"
    );
}

#[test]
fn refusing_to_take_part_is_a_rejection() {
    let got = summary(
        "Hamas said it would not take part in the next round of ceasefire talks.",
        "2024-08-10",
    );
    assert!(got.iter().any(|g| g.starts_with("REJECT PSE->")), "{got:?}");
    assert!(!got.iter().any(|g| g.starts_with("CONSULT")), "{got:?}");
}

#[test]
fn killers_did_the_attack_and_vows_answer_the_latest_attacker() {
    check(
        "Paramilitary fighters killed at least 40 civilians in an attack on a village near Omdurman on Wednesday.",
        "2024-11-15",
        &["ASSAULT SDN->SDN @SDN 2024-11-13"],
    );
    let got = summary(
        "The Rapid Support Forces looted homes near Omdurman on Wednesday. The army's commander vowed to avenge the victims.",
        "2024-11-15",
    );
    assert!(
        got.iter().any(|g| g.starts_with("THREATEN SDN->SDN")),
        "{got:?}"
    );
}

#[test]
fn a_minister_named_alone_acts_for_their_country() {
    check(
        "Nasser Bourita met Ahmed Attaf in Rabat on Thursday. Bourita later accused Attaf of stalling.",
        "2024-06-08",
        &["CONSULT MAR->DZA @MAR 2024-06-06"],
    );
}

#[test]
fn a_border_named_by_its_neighbour_is_not_the_place() {
    check(
        "A drone attack killed three soldiers at a base in northeast Jordan near the Syrian border on Sunday.",
        "2024-01-29",
        &["ASSAULT -->JOR @JOR 2024-01-28"],
    );
}

#[test]
fn the_town_named_in_the_sentence_places_the_deed() {
    check(
        "Gunmen attacked a police post outside Bannu in northwest Pakistan on Tuesday.",
        "2024-03-14",
        &["ASSAULT PAK->PAK @PAK 2024-03-12"],
    );
    let ex = pipeline().extract_text(
        ArticleMeta {
            id: "t".into(),
            date: Date::parse_iso("2024-03-14"),
            ..Default::default()
        },
        "Gunmen attacked a police post outside Bannu in northwest Pakistan on Tuesday.",
    );
    let loc = ex.records.first().and_then(|r| r.location.clone());
    assert_eq!(
        loc.map(|l| (l.name, l.precision)),
        Some(("Bannu".to_string(), "city"))
    );
}

/// Each link of the article as `TYPE SOURCE -> TYPE SOURCE` (the
/// answering event first, countries as in [`summary`]).
fn links(text: &str, date: &str) -> Vec<String> {
    let meta = ArticleMeta {
        id: "t".into(),
        date: Date::parse_iso(date),
        ..Default::default()
    };
    let records = pipeline().extract_text(meta, text).records;
    let brief = |r: &casus_core::record::Record| {
        format!(
            "{} {}",
            r.event_type,
            r.source
                .as_ref()
                .and_then(|a| a.country)
                .map_or("-".into(), |c| c.to_string())
        )
    };
    let mut out = Vec::new();
    for r in &records {
        for id in &r.responds_to {
            if let Some(e) = records.iter().find(|e| &e.id == id) {
                out.push(format!("{} -> {}", brief(r), brief(e)));
            }
        }
    }
    out
}

#[test]
fn reactions_answer_the_deed_of_the_one_they_are_aimed_at() {
    for (text, want) in [
        (
            "Security forces detained 50 opposition activists in Minsk on Sunday. \
             The European Union called on the Belarusian authorities to release them.",
            "REQUEST - -> COERCE BLR",
        ),
        (
            "Thousands of farmers protested outside parliament in Nairobi on Tuesday. \
             Riot police fired tear gas and arrested 30 demonstrators.",
            "COERCE KEN -> PROTEST KEN",
        ),
        (
            "Japan sent 200 tonnes of food aid to Bangladesh on Friday. \
             Bangladesh thanked Japan for the help.",
            "SUPPORT BGD -> AID JPN",
        ),
        (
            "A rocket hit a school in northern Israel on Saturday, killing four children. \
             Israel blamed Hezbollah for the strike.",
            "ACCUSE ISR -> ASSAULT",
        ),
        (
            "Israeli jets struck Damascus on Monday. Iran launched drones at Israel on Saturday. \
             The Group of Seven condemned the Iranian attack.",
            "ACCUSE - -> ASSAULT IRN",
        ),
    ] {
        let got = links(text, "2024-03-04");
        assert!(
            got.iter().any(|l| l.starts_with(want)),
            "expected {want:?} from {text:?}\ngot {got:#?}\n{:#?}",
            summary(text, "2024-03-04")
        );
    }
    // A threat by the side that struck back does not answer the first
    // attack of the other side; and a statement aimed at no one answers
    // nothing.
    let got = links(
        "Militants fired rockets at a base in Syria on Sunday, killing two soldiers. \
         The United States struck back on Tuesday. A spokesman said more strikes would follow.",
        "2024-03-06",
    );
    assert!(!got.iter().any(|l| l.starts_with("THREATEN")), "{got:#?}");
}

#[test]
fn a_cue_reaches_an_event_described_before_it_is_named() {
    // Words of time and description between the cue and the deed.
    let text = "Turkey shelled Kurdish positions in northern Syria on Thursday \
                in retaliation for last week's deadly bombing in Ankara.";
    let got = links(text, "2024-05-10");
    assert!(
        got.iter().any(|l| l.starts_with("ASSAULT TUR -> ASSAULT")),
        "{got:#?}\n{:#?}",
        summary(text, "2024-05-10")
    );
    let text =
        "Pakistan struck targets in Iran on Thursday in response to Tuesday's missile strike.";
    let got = links(text, "2024-01-19");
    assert!(
        got.iter().any(|l| l.starts_with("ASSAULT PAK -> ASSAULT")),
        "{got:#?}"
    );
    // The cue's clause names no deed of its own: the deed of the
    // sentence before answers.
    let text = "Jets from Azerbaijan bombed Armenian villages on Monday. \
                Officials in Baku said the raids were in retaliation for the shelling of Tartar.";
    let got = links(text, "2024-05-14");
    assert!(
        got.iter().any(|l| l.starts_with("ASSAULT AZE -> ASSAULT")),
        "{got:#?}"
    );
}

#[test]
fn an_earlier_deed_with_its_own_date_stays_apart() {
    // "a March 3 raid" is not the attack of March 20.
    let text = "Gunmen attacked a police station in Peshawar on Wednesday, \
                in retaliation for a March 3 raid on their hideout.";
    let got = summary(text, "2024-03-21");
    assert!(got.iter().any(|s| s.ends_with("2024-03-20")), "{got:#?}");
    assert!(got.iter().any(|s| s.ends_with("2024-03-03")), "{got:#?}");
    // And "its first direct attack", with two words before the noun, is
    // the deed just told, not a second one.
    let text = "North Korea fired a missile over Japan on Tuesday, \
                its first such launch since 2017.";
    let got = summary(text, "2022-10-05");
    assert_eq!(
        got.iter().filter(|s| s.starts_with("ASSAULT")).count(),
        1,
        "{got:#?}"
    );
}

#[test]
fn a_place_after_the_object_is_where_not_whom() {
    check(
        "A drone attack on an outpost in Jordan killed three American soldiers on Sunday.",
        "2024-01-29",
        &["ASSAULT -->USA @JOR 2024-01-28"],
    );
}

#[test]
fn a_vow_to_go_on_does_not_answer_its_own_deeds() {
    let text = "Rebels in Yemen fired a missile at a cargo ship on Monday. \
                The rebels vowed to continue their attacks.";
    let got = links(text, "2024-03-05");
    assert!(!got.iter().any(|l| l.starts_with("THREATEN")), "{got:#?}");
}

#[test]
fn a_deed_placed_nowhere_takes_its_sentence_place() {
    // Nothing ties the clash to Kisumu but the sentence it is told in.
    let meta = ArticleMeta {
        id: "t".into(),
        date: Date::parse_iso("2024-06-17"),
        ..Default::default()
    };
    let text = "Rival gangs clashed on Saturday, Kisumu residents said.";
    let recs = pipeline().extract_text(meta, text).records;
    let placed = recs.iter().filter_map(|r| r.location.as_ref());
    let got: Vec<(String, &str)> = placed.map(|l| (l.text.clone(), l.basis)).collect();
    assert!(
        got.iter().any(|(t, b)| t == "Kisumu" && *b == "sentence"),
        "{got:?}"
    );
}

#[test]
fn an_agent_of_no_stated_nation_takes_the_country_of_the_deed_and_says_so() {
    let meta = || ArticleMeta {
        id: "t".into(),
        date: Date::parse_iso("2024-06-17"),
        ..Default::default()
    };
    // Nothing says whose police these are but the town they acted in.
    let text = "Police fired tear gas at traders in Mombasa on Monday.";
    let recs = pipeline().extract_text(meta(), text).records;
    let sides: Vec<(String, Option<String>, Option<&str>)> = recs
        .iter()
        .filter_map(|r| r.source.as_ref())
        .map(|a| {
            (
                a.text.clone(),
                a.country.map(|c| c.to_string()),
                a.country_from,
            )
        })
        .collect();
    assert!(
        sides
            .iter()
            .any(|(t, c, f)| t == "Police" && c.as_deref() == Some("KEN") && *f == Some("place")),
        "{sides:?}"
    );
    // Their own words give it: no field.
    let text = "Kenyan police fired tear gas at traders in Mombasa on Monday.";
    let recs = pipeline().extract_text(meta(), text).records;
    let from: Vec<Option<&str>> = recs
        .iter()
        .filter_map(|r| r.source.as_ref())
        .map(|a| a.country_from)
        .collect();
    assert!(
        !from.is_empty() && from.iter().all(Option::is_none),
        "{from:?}"
    );
}

#[test]
fn a_deed_noun_takes_the_subject_of_the_verb_over_it() {
    // Verbs no word list names as light ("accelerated", "postponed"):
    // the parse makes the noun their object and their subject its doer.
    check(
        "Portugal accelerated the withdrawal of its troops from Mozambique on Monday.",
        "2024-03-06",
        &["RETREAT PRT->MOZ @MOZ 2024-03-04"],
    );
    check(
        "Estonia postponed the expulsion of Belarusian diplomats.",
        "2024-03-06",
        &["SANCTION EST->BLR @EST 2024-03-06"],
    );
}

#[test]
fn a_group_or_office_named_by_its_members_country_acts_for_it() {
    // The subject's head ("group", "chairman") names no country; the
    // words under it do, one or two levels down.
    check(
        "A group of Eritrean asylum seekers are continuing a hunger strike in protest of the Libyan authorities' detention policy.",
        "2024-03-06",
        &["PROTEST ERI->LBY @LBY 2024-03-06"],
    );
    check(
        "The chairman of the Polish parliament's defence committee on Friday accused Hungary of obstruction.",
        "2024-03-06",
        &["ACCUSE POL->HUN @POL 2024-03-01"],
    );
}

#[test]
fn a_leader_in_office_since_2016_acts_for_the_country() {
    // office_holders.tsv: people the Phoenix dictionaries end before.
    check(
        "Jacinda Ardern condemned the deportations on Monday.",
        "2019-03-20",
        &["ACCUSE NZL->- @NZL 2019-03-18"],
    );
    check(
        "Jair Bolsonaro accused Venezuela of sheltering rebels.",
        "2020-05-04",
        &["ACCUSE BRA->VEN @BRA 2020-05-04"],
    );
}

/// Every ASSAULT of `text` as "SRC->TGT killed/injured".
fn assaults(text: &str) -> Vec<String> {
    let c = |a: &Option<casus_core::record::ActorRecord>| {
        a.as_ref()
            .and_then(|a| a.country)
            .map_or("-".into(), |c| c.to_string())
    };
    records_of(text)
        .iter()
        .filter(|r| r.event_type == "ASSAULT")
        .map(|r| {
            let n = |x: Option<u32>| x.map_or("-".into(), |x| x.to_string());
            format!(
                "{}->{} {}/{}",
                c(&r.source),
                c(&r.target),
                n(r.fatalities),
                n(r.injuries)
            )
        })
        .collect()
}

#[test]
fn a_toll_before_the_deed_it_came_of_is_that_deed_s_toll() {
    // A passive toll, then "when" and the attack: one event, the
    // attackers' on the victims.
    assert_eq!(
        assaults("Four Afghan border guards were killed when Pakistani troops shelled a post near Torkham."),
        ["PAK->AFG 4/-"]
    );
    // The same without "were", as headlines and wire notes write it.
    assert_eq!(
        assaults("Two Nigerian soldiers killed as Boko Haram fighters raided a base in Borno."),
        ["NGA->NGA 2/-"]
    );
    // "after" does not make the deed background when the toll is its own.
    assert_eq!(
        assaults("Six Kenyan police officers were wounded after al-Shabaab gunmen ambushed a patrol in Lamu."),
        ["SOM->KEN -/6"]
    );
}

#[test]
fn whoever_a_blast_struck_is_not_its_doer() {
    // The first victim is not the subject of the second harm verb.
    assert_eq!(
        assaults("A bomb exploded in a crowded market, killing a Syrian child and wounding two Iraqi women."),
        ["-->SYR 1/2"]
    );
}

#[test]
fn a_group_that_says_it_carried_out_the_attack_did_it() {
    // The bombing names no doer; the next sentence's "carried out the
    // attack" is a claim of it, not a second attack.
    let got = summary(
        "Three bombs went off at a bus station in Maiduguri on Friday, killing 19 people. \
         Boko Haram said it had carried out the attack.",
        "2024-03-02",
    );
    assert_eq!(got, ["ASSAULT NGA->NGA @NGA 2024-03-01"]);
}

#[test]
fn a_name_is_read_with_its_hyphens_and_is_no_modal() {
    // The dictionaries write "Umar al Bashir"; news writes the hyphen.
    check(
        "Omar al-Bashir accused Uganda of arming the rebels.",
        "2017-04-10",
        &["ACCUSE SDN->UGA @SDN 2017-04-10"],
    );
    // "May" in a name does not make the deed a possibility.
    check(
        "Theresa May accused Moscow of the nerve agent attack.",
        "2018-03-13",
        &["ACCUSE GBR->RUS @GBR 2018-03-13"],
    );
}

#[test]
fn ministers_since_2016_act_for_their_country() {
    check(
        "Mike Pompeo accused Tehran of attacking the tankers.",
        "2019-06-14",
        &["ACCUSE USA->IRN @USA 2019-06-14"],
    );
    check(
        "Mevlut Cavusoglu accused Greece of provocations.",
        "2020-08-20",
        &["ACCUSE TUR->GRC @TUR 2020-08-20"],
    );
}

#[test]
fn a_rejection_of_what_was_said_answers_whoever_said_it() {
    // "by X" after a said noun names its author, the target.
    check(
        "Norway turned down demands by Iceland for a new fishing quota.",
        "2021-02-10",
        &["REJECT NOR->ISL @NOR 2021-02-10"],
    );
    check(
        "Kenya dismissed allegations by Somalia of meddling in Jubaland.",
        "2021-02-10",
        &["REJECT KEN->SOM @KEN 2021-02-10"],
    );
}

#[test]
fn a_title_between_commas_after_a_name_is_the_same_actor() {
    let got = summary(
        "Hungary rejected calls by Jens Stoltenberg, NATO secretary-general, for higher spending.",
        "2019-02-10",
    );
    assert_eq!(got, ["REJECT HUN->- @HUN 2019-02-10"]);
}

#[test]
fn an_arrest_with_no_one_named_is_made_by_the_police_of_the_place() {
    check(
        "Three opposition activists were detained in Minsk on Sunday.",
        "2021-06-08",
        &["COERCE BLR->BLR @BLR 2021-06-06"],
    );
    // Named arresters keep their own country.
    check(
        "Turkish police detained two Syrian smugglers in Kilis on Sunday.",
        "2021-06-08",
        &["COERCE TUR->SYR @TUR 2021-06-06"],
    );
}

#[test]
fn an_attack_with_no_doer_named_is_by_attackers_of_the_place() {
    // Like ACLED's "Unidentified Armed Group (Iraq)".
    check(
        "A roadside bomb killed two soldiers near Tikrit on Tuesday.",
        "2009-03-05",
        &["ASSAULT IRQ->IRQ @IRQ 2009-03-03"],
    );
    // "a bomb" is a device thrown or planted, not a raid from the air.
    check(
        "A bomb was thrown at a police checkpoint near Tikrit on Tuesday.",
        "2009-03-05",
        &["ASSAULT IRQ->IRQ @IRQ 2009-03-03"],
    );
    // A named doer keeps its own country.
    check(
        "Turkish jets bombed a village near Dohuk on Tuesday.",
        "2009-03-05",
        &["ASSAULT TUR->IRQ @IRQ 2009-03-03"],
    );
}

#[test]
fn a_leader_who_moved_to_an_international_body_acts_for_the_office_of_the_day() {
    check(
        "Mark Rutte condemned the Turkish decision on Saturday.",
        "2021-03-22",
        &["ACCUSE NLD->TUR @NLD 2021-03-20"],
    );
    check(
        "Mark Rutte condemned the Russian decision on Saturday.",
        "2025-03-24",
        &["ACCUSE -->RUS @RUS 2025-03-22"],
    );
}

#[test]
fn participles_and_counts_before_a_noun_keep_it_a_noun() {
    // "suspected crude bomb": a device set off, so attackers of the place.
    check(
        "A suspected crude bomb went off near a mosque in Quetta on Friday.",
        "2015-05-10",
        &["ASSAULT PAK->PAK @PAK 2015-05-08"],
    );
    check(
        "Two petrol bombs were hurled at a bus in Dhaka on Friday.",
        "2015-05-10",
        &["ASSAULT BGD->BGD @BGD 2015-05-08"],
    );
    // A count before a verb in the past is its subject's.
    check(
        "Three Congolese opposition parties withdrew from the talks on Monday.",
        "2015-05-10",
        &["RETREAT COD->- @COD 2015-05-04"],
    );
}

#[test]
fn a_phrase_set_off_by_commas_describes_the_subject_before_it() {
    // A relative clause between subject and verb names someone else.
    check(
        "The Kenyan envoy, who had met Ethiopia's foreign minister, accused Somalia of backing the militants on Monday.",
        "2015-04-01",
        &["ACCUSE KEN->SOM @KEN 2015-03-30"],
    );
    // So does an apposition; an adverb may stand before the verb.
    let got = summary(
        "Qatar, the mediator between the United States and the Taliban, also condemned the bombing on Monday.",
        "2015-04-01",
    );
    assert_eq!(got, ["ACCUSE QAT->- @QAT 2015-03-30"], "{got:#?}");
}

#[test]
fn a_list_may_go_on_past_a_name_with_the() {
    let got = summary(
        "Chad, the Niger and Nigeria condemned the attack on the Malian base on Monday.",
        "2015-04-01",
    );
    for c in ["TCD", "NER", "NGA"] {
        let want = format!("ACCUSE {c}->MLI @{c} 2015-03-30");
        assert!(got.contains(&want), "{want} not in {got:#?}");
    }
}

#[test]
fn a_participle_before_by_is_passive_and_a_victim_is_no_doer() {
    // No "was": the participle, its result and "by" show the voice.
    check(
        "Two Afghan traders shot dead by Pakistani police on Monday.",
        "2015-04-01",
        &["ASSAULT PAK->AFG @AFG 2015-03-30"],
    );
    check(
        "A Nigerian farmer beaten to death by Cameroonian soldiers on Monday.",
        "2015-04-01",
        &["ASSAULT CMR->NGA @NGA 2015-03-30"],
    );
    // Whoever a deed's own noun phrase names is not its target too.
    let got = summary(
        "Iraqi Red Crescent officials suspended aid deliveries in Mosul on Monday.",
        "2015-04-01",
    );
    assert_eq!(got, ["SANCTION IRQ->- @IRQ 2015-03-30"], "{got:#?}");
}

#[test]
fn forces_a_country_moves_are_its_own_and_their_destination_the_target() {
    check(
        "Chad sent 2,000 soldiers to Mali on Monday.",
        "2015-04-01",
        &["MOBILIZE TCD->MLI @MLI 2015-03-30"],
    );
    check(
        "Poland mobilized army reservists for a possible war against Belarus on Tuesday.",
        "2015-04-01",
        &["MOBILIZE POL->BLR @BLR 2015-03-31"],
    );
    // Offered to an international force: no country's, not Ghana's own.
    let got = summary(
        "Ghana offered 500 peacekeepers to the UN force in Lebanon on Monday.",
        "2015-04-01",
    );
    assert!(got.iter().all(|g| !g.contains("GHA->GHA")), "{got:#?}");
    // Troops attacked are the target, wherever they are.
    check(
        "Rebels attacked Malian troops in Gao on Monday.",
        "2015-04-01",
        &["ASSAULT MLI->MLI @MLI 2015-03-30"],
    );
}

#[test]
fn a_name_the_dictionaries_lack_is_what_its_apposition_says() {
    // The description after the comma gives the name its country; the
    // surname alone names the same person later.
    check(
        "Anders Holmqvist, a Swedish diplomat, said talks had stalled. Holmqvist accused Russia of spying on Monday.",
        "2015-04-01",
        &["ACCUSE SWE->RUS @SWE 2015-03-30"],
    );
    check(
        "Pedro Alvarenga, the Brazilian Foreign Ministry spokesman, said on Monday that talks had failed. Alvarenga accused Venezuela of lying on Monday.",
        "2015-04-01",
        &["ACCUSE BRA->VEN @BRA 2015-03-30"],
    );
}

#[test]
fn a_seat_of_government_before_an_agent_makes_one_actor() {
    // The spokeswoman is the White House's: one actor, and a statement
    // is placed with whoever made it.
    check(
        "A White House spokeswoman accused China of hacking on Monday.",
        "2015-04-01",
        &["ACCUSE USA->CHN @USA 2015-03-30"],
    );
}

#[test]
fn a_noun_phrase_set_off_after_a_name_does_not_end_the_clause() {
    // The place after the apposition is the meeting's.
    check(
        "Sudanese rebels met on Tuesday with Piotr Kowalski, a Polish diplomat, in Geneva.",
        "2019-01-30",
        &["CONSULT SDN->POL @CHE 2019-01-29"],
    );
    // A speaker set off by commas still ends it.
    check(
        "Gunmen attacked a market in Kabul, the police said, on Monday.",
        "2019-01-30",
        &["ASSAULT AFG->AFG @AFG 2019-01-28"],
    );
}

#[test]
fn a_clause_of_cause_ends_the_search_for_an_object() {
    // The soldiers are the victims of what came before, not the curfew's
    // target.
    let got = summary(
        "Egypt imposed a curfew in Arish on Monday amid attacks on Egyptian soldiers.",
        "2015-04-01",
    );
    assert!(
        got.contains(&"COERCE EGY->EGY @EGY 2015-03-30".to_string()),
        "{got:#?}"
    );
    assert!(
        records_of("Egypt imposed a curfew in Arish on Monday amid attacks on Egyptian soldiers.")
            .iter()
            .filter(|r| r.event_type == "COERCE")
            .all(|r| r.target.as_ref().is_none_or(|t| t.text.is_empty())),
        "the curfew's target is the place, named by no actor"
    );
}

#[test]
fn an_agent_noun_before_a_noun_modifies_it_unless_the_noun_is_its_people() {
    // "official contacts": no official acts or is acted on.
    check(
        "The rebels threatened on Monday to boycott all official contacts with Chad.",
        "2015-04-01",
        &["THREATEN TCD->TCD @TCD 2015-03-30"],
    );
    let got = summary(
        "The rebels threatened on Monday to boycott all official contacts with Chad.",
        "2015-04-01",
    );
    assert!(
        got.iter().all(|g| !g.ends_with("@- 2015-03-30")),
        "{got:#?}"
    );
    // "opposition groups" are people of the opposition, who act.
    check(
        "Opposition groups in Kenya demanded on Monday that the president resign.",
        "2015-04-01",
        &["REQUEST KEN->KEN @KEN 2015-03-30"],
    );
}

#[test]
fn an_actor_in_a_place_is_of_the_place_the_article_means() {
    // "Tripoli" is Lebanon's here, and so are the militias in it.
    check(
        "Syrian troops shelled rival militias in Tripoli on Monday, a day after talks in the north Lebanese port broke down.",
        "1985-10-01",
        &["ASSAULT SYR->LBN @LBN 1985-09-30"],
    );
}

#[test]
fn a_deed_named_after_its_toll_is_news_and_a_toll_may_name_its_deed() {
    // "after the strike" would be background; its own dead make it news.
    check(
        "Four Syrian soldiers were killed after the Israeli strike on Damascus on Monday.",
        "2024-05-08",
        &["ASSAULT ISR->SYR @SYR 2024-05-06"],
    );
    assert_eq!(
        toll("Four Syrian soldiers were killed after the Israeli strike on Damascus on Monday."),
        (Some(4), None)
    );
    // "The death toll from the raid on the camp rose to 19": the words
    // naming the deed stand between the toll and its count.
    assert_eq!(
        toll("Turkish jets bombed a camp on Monday. The death toll from the raid on the camp rose to 19 on Tuesday."),
        (Some(19), None)
    );
}

#[test]
fn a_place_set_off_after_an_unknown_name_places_the_deed() {
    // The village is not in the gazetteer; the phrase after it says where
    // it is, and a relative clause after that is a clause of its own.
    check(
        "Somali militants on Monday raided Hulugho, in eastern Kenya, where they burned a school.",
        "2015-04-01",
        &["ASSAULT SOM->KEN @KEN 2015-03-30"],
    );
}

#[test]
fn a_ban_holds_where_whoever_imposes_it_rules() {
    check(
        "Turkey banned a Greek ferry company on Monday.",
        "2019-01-22",
        &["COERCE TUR->GRC @TUR 2019-01-21"],
    );
    // A place stated for it still wins.
    check(
        "India imposed a curfew in Srinagar on Monday.",
        "2019-01-22",
        &["COERCE IND->IND @IND 2019-01-21"],
    );
}

#[test]
fn an_exchange_of_fire_is_an_attack_of_both_sides() {
    assert_eq!(
        toll("Two soldiers died in an exchange of fire with Taliban fighters on Thursday."),
        (Some(2), None)
    );
    check(
        "A police patrol and Maoist rebels exchanged gunfire near Rolpa in Nepal on Thursday.",
        "2015-08-21",
        &["ASSAULT NPL->NPL @NPL 2015-08-20"],
    );
}

#[test]
fn a_complaint_about_a_deed_is_against_whoever_did_it() {
    // The doer named by "by" after the deed's victim, not the victim.
    check(
        "Morocco condemned the abduction of two fishermen by Algerian troops on Sunday.",
        "2021-06-08",
        &["ACCUSE MAR->DZA @MAR 2021-06-06"],
    );
    // "over" gives the complaint's cause, not a place, and the body it was
    // made to is not its target.
    check(
        "On Friday Cyprus complained to the European Union over Turkish raids.",
        "2021-06-08",
        &["ACCUSE CYP->TUR @CYP 2021-06-04"],
    );
}

#[test]
fn a_name_set_off_after_the_body_it_belongs_to_stays_in_the_clause() {
    // The person's name is unknown; the body before it gives the side,
    // not the place where the protest was.
    check(
        "A member of the Kenyan senate, Jomo Otieno, began a hunger strike in London on Monday.",
        "2022-03-10",
        &["PROTEST KEN->GBR @GBR 2022-03-07"],
    );
}

#[test]
fn one_told_that_it_must_is_the_one_asked() {
    // "it" would name the teller; the one told, after "to", is asked.
    check(
        "The Kenyan president sent a firm message on Monday to Somalia that it must secure the border.",
        "2017-05-10",
        &["REQUEST KEN->SOM @KEN 2017-05-08"],
    );
    // A verb of telling before "that" keeps its own subject.
    check(
        "Japan told China on Monday that it must release the crew.",
        "2017-05-10",
        &["REQUEST JPN->CHN @JPN 2017-05-08"],
    );
}

#[test]
fn elders_youths_and_religious_movements_are_actors() {
    // Unnamed, they belong to the place they are in.
    check(
        "Village elders in Mali demanded on Monday that the army release the herders.",
        "2020-02-05",
        &["REQUEST MLI->MLI @MLI 2020-02-03"],
    );
}

#[test]
fn a_deed_the_subject_calls_its_own_is_the_subject_s() {
    check(
        "Rebels in Chad insisted on their demands on Monday that the government free its prisoners.",
        "2020-11-25",
        &["REQUEST TCD->TCD @TCD 2020-11-23"],
    );
    // Not a noun's: the files are the investigators', not the deed.
    check_none(
        "The senator urged the agency to release the files from their investigation.",
        "2020-11-25",
        "ACCUSE",
    );
}

#[test]
fn what_a_protest_demands_is_its_purpose_not_a_request() {
    // One protest; neither the demand nor the arrest it asks for is news.
    check(
        "Hundreds of traders in Dhaka staged a protest on Monday, demanding the arrest of the market's owner.",
        "2016-04-06",
        &["PROTEST BGD->BGD @BGD 2016-04-04"],
    );
    check(
        "Nurses rallied in Accra on Friday in demand of unpaid wages.",
        "2016-04-06",
        &["PROTEST GHA->GHA @GHA 2016-04-01"],
    );
}

#[test]
fn support_or_a_request_named_as_a_circumstance_is_no_event() {
    check(
        "Thousands marched in Lima on Sunday in support of the ousted president.",
        "2022-12-13",
        &["PROTEST PER->PER @PER 2022-12-11"],
    );
    check_none(
        "The minister resigned at the request of the Chilean president.",
        "2022-12-13",
        "REQUEST",
    );
}

#[test]
fn a_participle_set_off_after_a_clause_shares_its_subject() {
    // The one accused is not the one who accuses.
    check(
        "The Nigerian president lashed out at Democratic governor Aminu Bello on Monday, accusing him of corruption.",
        "2021-03-03",
        &["ACCUSE NGA->NGA @NGA 2021-03-01"],
    );
    // Of the same type as the deed before it, it tells how that was done:
    // one record.
    assert_eq!(
        summary(
            "Israeli jets struck Gaza on Sunday, bombing a tunnel.",
            "2021-05-18"
        ),
        vec!["ASSAULT ISR->PSE @PSE 2021-05-16"]
    );
}

#[test]
fn a_pronoun_names_the_subject_before_it_not_the_object() {
    // "they" are the gunmen, not the villagers they killed; and the
    // nationality in the phrase of place after the verb is no target.
    check(
        "Two Somali gunmen killed 12 villagers on Sunday when they opened fire in a market during the Kenyan holiday.",
        "2019-04-23",
        &["ASSAULT SOM->KEN @KEN 2019-04-21"],
    );
}

#[test]
fn shootouts_gunfights_and_killings_by_hand_are_attacks() {
    check(
        "Soldiers and rebels fought a gun battle near Kalaw in Myanmar on Monday.",
        "2016-02-10",
        &["ASSAULT MMR->MMR @MMR 2016-02-08"],
    );
    check(
        "There was a shootout between police and smugglers in Laos on Monday.",
        "2016-02-10",
        &["ASSAULT LAO->LAO @LAO 2016-02-08"],
    );
    // Gunned down is killed: one victim named is a toll of one.
    assert_eq!(
        toll("A village headman was gunned down in Sindh on Monday."),
        (Some(1), None)
    );
    assert_eq!(
        toll("A trader was axed to death in Bihar on Monday."),
        (Some(1), None)
    );
}

#[test]
fn a_party_names_the_country_of_its_members() {
    // No place the gazetteer knows: the parties say whose clash it was.
    check(
        "Awami League activists attacked BNP supporters on Monday.",
        "2014-01-08",
        &["ASSAULT BGD->BGD @BGD 2014-01-06"],
    );
    // "Congress" alone is the US legislature; a party of that name is not.
    check(
        "A Nepali Congress leader was shot dead in Birtamod on Monday.",
        "2014-01-08",
        &["ASSAULT -->NPL @NPL 2014-01-06"],
    );
}

#[test]
fn a_crowd_that_kills_someone_assaults_them_and_does_not_riot() {
    // Villagers who storm a market riot; villagers who kill a man, by any
    // words of killing, assault him.
    for text in [
        "Two suspected thieves were beaten to death by villagers in Jessore on Monday.",
        "A suspected witch was killed by villagers in Jessore on Monday.",
    ] {
        let got = summary(text, "2021-03-03");
        assert!(
            got.iter().any(|g| g.starts_with("ASSAULT"))
                && !got.iter().any(|g| g.starts_with("PROTEST")),
            "{text}: {got:?}"
        );
    }
    check(
        "Angry villagers attacked a police post in Jessore on Monday.",
        "2021-03-03",
        &["PROTEST BGD->BGD @BGD 2021-03-01"],
    );
}

#[test]
fn in_order_to_gives_a_purpose_and_no_order() {
    check_none(
        "The family went to the district office in order to settle a land dispute.",
        "2021-03-03",
        "REQUEST",
    );
}

#[test]
fn an_arrest_feared_is_no_arrest() {
    check_none(
        "Most of the marchers scattered on Monday, fearing arrest.",
        "2021-03-03",
        "COERCE",
    );
    check(
        "Police arrested nine marchers in Dhaka on Monday.",
        "2021-03-03",
        &["COERCE BGD->BGD @BGD 2021-03-01"],
    );
}

#[test]
fn an_attack_on_a_decision_or_an_inquiry_is_criticism() {
    let got = summary(
        "Opposition senators attacked the budget plan on Monday, calling it reckless.",
        "2021-03-03",
    );
    assert!(
        got.iter().any(|g| g.starts_with("ACCUSE"))
            && !got.iter().any(|g| g.starts_with("ASSAULT")),
        "{got:?}"
    );
    // An attack on people or a place is force.
    check(
        "Militants attacked an army convoy near Kandahar on Monday.",
        "2021-03-03",
        &["ASSAULT AFG->AFG @AFG 2021-03-01"],
    );
}

#[test]
fn what_is_said_comes_from_its_sayer() {
    // A noun of saying with "from X": X says it.
    check(
        "Words of condemnation came from Egypt on Monday.",
        "2021-03-03",
        &["ACCUSE EGY->- @EGY 2021-03-01"],
    );
    // The sayers of a statement of condemnation, named after it.
    check(
        "Statements of condemnation have come from Egypt and Jordan.",
        "2021-03-03",
        &[
            "ACCUSE EGY->- @EGY 2021-03-03",
            "ACCUSE JOR->- @JOR 2021-03-03",
        ],
    );
}

#[test]
fn congratulations_and_custody() {
    check(
        "The Kenyan president congratulated Tanzania's president on Monday.",
        "2021-03-03",
        &["SUPPORT KEN->TZA @KEN 2021-03-01"],
    );
    let got = summary(
        "Two suspects were taken into custody in Nairobi on Monday.",
        "2021-03-03",
    );
    assert!(got.iter().any(|g| g.starts_with("COERCE")), "{got:?}");
}

#[test]
fn a_figure_or_a_publication_as_object_names_no_deed() {
    for text in [
        "Shares of the carmaker beat forecasts on Tuesday.",
        "The index struck a six-month high on Tuesday.",
        "The ministry released a list of closed schools on Tuesday.",
        "Factories raced to meet demand for masks on Tuesday.",
    ] {
        let got = summary(text, "2021-03-03");
        assert!(got.is_empty(), "{text}: {got:?}");
    }
    // People, places and things struck or released are deeds.
    check(
        "Rebels released two aid workers in Mali on Tuesday.",
        "2021-03-03",
        &["RETREAT MLI->- @MLI 2021-03-02"],
    );
    let got = summary(
        "Israeli jets struck targets across Gaza on Tuesday.",
        "2021-03-03",
    );
    assert!(
        got.iter().any(|g| g.starts_with("ASSAULT ISR->")),
        "{got:?}"
    );
}

#[test]
fn blocking_a_building_site_or_gates_is_a_protest() {
    for text in [
        "Farmers in Kenya blocked construction of a dam on Monday.",
        "Villagers in Kenya blocked the gates of a quarry on Monday.",
    ] {
        check(text, "2021-03-03", &["PROTEST KEN->KEN @KEN 2021-03-01"]);
    }
}

#[test]
fn a_human_chain_a_hartal_and_a_bandh_are_protests() {
    for text in [
        "Teachers formed a human chain in Dhaka on Monday.",
        "A dawn-to-dusk hartal shut Dhaka on Monday.",
    ] {
        let got = summary(text, "2021-03-03");
        assert!(
            got.iter().any(|g| g.starts_with("PROTEST")),
            "{text}: {got:?}"
        );
    }
    // What the chain demands is its purpose, no request of its own.
    check_none(
        "Teachers formed a human chain in Dhaka on Monday demanding higher pay.",
        "2021-03-03",
        "REQUEST",
    );
}
