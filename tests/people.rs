// People, titles and roles, pattern by pattern: each case is a short article written for
// the test, the persons that must be found (exactly), the roles that must come out (by entity
// name: "person | title | organization", "-" for none), and strings that must NOT be persons
// or titles (sentence-initial capitals, streets, projects, months, weekdays, bare
// organization words, generic titles).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use press_ner::{Analysis, Extractor};

static EX: LazyLock<Extractor> = LazyLock::new(Extractor::new);

struct Case {
    name: &'static str,
    body: &'static str,
    persons: &'static [&'static str],
    roles: &'static [&'static str],
    not_persons: &'static [&'static str],
    not_titles: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "title before name, apposition list, surname re-mention",
        body: "The meeting was attended by Olga Tarasova, Director of the Foreign Affairs Office of Irkutsk, \
               Zhou Ming, Deputy Director of Dalian Municipal Foreign Affairs Office, and Li Na, Principal of \
               Dalian No. 8 Middle School. Tarasova thanked the hosts. The principals of the two schools also spoke.",
        persons: &["Olga Tarasova", "Zhou Ming", "Li Na"],
        roles: &[
            "Olga Tarasova | Director | Foreign Affairs Office of Irkutsk",
            "Zhou Ming | Deputy Director | Dalian Municipal Foreign Affairs Office",
            "Li Na | Principal | Dalian No. 8 Middle School",
        ],
        not_persons: &["The", "Tarasova thanked"],
        not_titles: &["principals"],
    },
    Case {
        name: "compound title, title of org before name, honorific",
        body: "State Councilor and Foreign Minister Han Zhiqiang met with Director-General of the Department of \
               European Affairs of the Foreign Ministry Xu Lan. Mr. Han said both sides should deepen trust.",
        persons: &["Han Zhiqiang", "Xu Lan"],
        roles: &[
            "Han Zhiqiang | State Councilor | -",
            "Han Zhiqiang | Foreign Minister | -",
            "Xu Lan | Director-General | Department of European Affairs of the Foreign Ministry",
        ],
        not_persons: &["Mr"],
        not_titles: &[],
    },
    Case {
        name: "org title name, ambassador to a country, speech verb",
        body: "NSC Spokesperson Laura Whitfield said the talks were useful. Peruvian Ambassador to China \
               Rosa Quispe Mamani attended, said Whitfield.",
        persons: &["Laura Whitfield", "Rosa Quispe Mamani"],
        roles: &["Laura Whitfield | Spokesperson | NSC", "Rosa Quispe Mamani | Ambassador | -"],
        not_persons: &["Peruvian"],
        not_titles: &[],
    },
    Case {
        name: "Slavic surname-first, patronymic, particles, initials, suffix",
        body: "Kuznetsova Irina, Governor, spoke first. Later Dmitry Sergeyevich Orlov, Mayor of Tomsk, and \
               Ursula van der Berg, President of the European Council, joined. Judge Thomas R. Kellerman Jr. \
               presided.",
        persons: &["Kuznetsova Irina", "Dmitry Sergeyevich Orlov", "Ursula van der Berg", "Thomas R. Kellerman Jr."],
        roles: &[
            "Kuznetsova Irina | Governor | -",
            "Dmitry Sergeyevich Orlov | Mayor | -",
            "Ursula van der Berg | President | European Council",
            "Thomas R. Kellerman Jr. | Judge | -",
        ],
        not_persons: &["Later"],
        not_titles: &[],
    },
    Case {
        name: "prosecutor release: of the bureau, bureau chief",
        body: "The case is being prosecuted by Assistant District Attorney Dana Moretti, of the District \
               Attorney's Elder Abuse Bureau, under the supervision of Assistant District Attorney Paul Ferraro, \
               Bureau Chief. The District Attorney said the defendant will be arraigned.",
        persons: &["Dana Moretti", "Paul Ferraro"],
        roles: &[
            "Dana Moretti | Assistant District Attorney | District Attorney's Elder Abuse Bureau",
            "Paul Ferraro | Assistant District Attorney | -",
            "Paul Ferraro | Bureau Chief | District Attorney's Elder Abuse Bureau",
        ],
        not_persons: &[],
        not_titles: &["District Attorney"],
    },
    Case {
        name: "serves as, speech verb after the name",
        body: "Amara Okonkwo serves as Executive Director of the Lagos Trade Council. Amara Okonkwo noted that \
               exports grew.",
        persons: &["Amara Okonkwo"],
        roles: &["Amara Okonkwo | Executive Director | Lagos Trade Council"],
        not_persons: &[],
        not_titles: &[],
    },
    Case {
        name: "Chinese names in both orders",
        body: "The defendants, Hai Tao Lin, 41, and Zhang Wei, 38, were arraigned. Vice Mayor Ouyang \
               Xiaoming welcomed the verdict.",
        persons: &["Hai Tao Lin", "Zhang Wei", "Ouyang Xiaoming"],
        roles: &["Ouyang Xiaoming | Vice Mayor | -"],
        not_persons: &["Hai Tao"],
        not_titles: &[],
    },
    Case {
        name: "negatives: streets, projects, months, weekdays, organization words alone",
        body: "Officials said the Hope Project school on Peace Road will open in May. Both sides agreed on Monday \
               that the Ministry and the Bureau would cooperate. March Forward Fund staff attended.",
        persons: &[],
        roles: &[],
        not_persons: &["Officials", "Hope Project", "Peace Road", "May", "Both", "Monday", "Ministry", "Bureau"],
        not_titles: &[],
    },
];

fn names_of(a: &Analysis, kind: &str) -> BTreeSet<String> {
    a.entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.name.clone())
        .collect()
}

fn mention_texts(a: &Analysis, kind: &str) -> BTreeSet<String> {
    a.entities
        .iter()
        .filter(|e| e.kind == kind)
        .flat_map(|e| e.mentions.iter().map(|m| m.text.clone()))
        .collect()
}

#[test]
fn people_titles_and_roles() {
    let mut failures = Vec::new();
    for c in CASES {
        let text = format!("Test article\n2024-05-10 | Test Office\n\n{}\n", c.body);
        let a = EX.extract(&text, None);
        let persons = names_of(&a, "person");
        let want: BTreeSet<String> = c.persons.iter().map(|s| s.to_string()).collect();
        if persons != want {
            failures.push(format!(
                "[{}] persons: got {persons:?}, want {want:?}",
                c.name
            ));
        }
        let name = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| a.entities.iter().find(|e| &e.id == id))
                .map_or("-".to_string(), |e| e.name.clone())
        };
        let roles: BTreeSet<String> = a
            .roles
            .iter()
            .map(|r| {
                format!(
                    "{} | {} | {}",
                    name(&Some(r.person.clone())),
                    name(&r.title),
                    name(&r.organization)
                )
            })
            .collect();
        let want: BTreeSet<String> = c.roles.iter().map(|s| s.to_string()).collect();
        if roles != want {
            failures.push(format!(
                "[{}] roles: got {roles:#?}, want {want:#?}",
                c.name
            ));
        }
        let pm = mention_texts(&a, "person");
        for n in c.not_persons {
            if pm.contains(*n) {
                failures.push(format!("[{}] {n:?} must not be a person", c.name));
            }
        }
        let tm = mention_texts(&a, "title");
        for n in c.not_titles {
            if tm.contains(*n) {
                failures.push(format!("[{}] {n:?} must not be a title here", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
