//! Data-driven test of the date finder: every row of tests/data/dates.tsv (text, reference
//! date, expected spans, expected values, optional numeric order) must match exactly.
//! All failing rows are printed before the test fails.

use press_ner::calendar::Date;
use press_ner::rules::dates::{DateContext, DateFinder, NumericOrder};

const TABLE: &str = include_str!("data/dates.tsv");

struct Row<'a> {
    line: usize,
    text: &'a str,
    reference: Option<Date>,
    spans: Vec<&'a str>,
    values: Vec<Option<&'a str>>,
    order: NumericOrder,
}

fn split_list(field: &str) -> Vec<&str> {
    if field.trim().is_empty() {
        Vec::new()
    } else {
        field.split(" | ").map(str::trim).collect()
    }
}

fn parse_rows() -> Vec<Row<'static>> {
    let mut rows = Vec::new();
    for (i, raw) in TABLE.lines().enumerate() {
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        assert!(
            (4..=5).contains(&cols.len()),
            "line {}: expected 4 or 5 tab-separated columns, got {}",
            i + 1,
            cols.len()
        );
        let reference = match cols[1].trim() {
            "-" | "" => None,
            s => Some(
                Date::parse_iso(s).unwrap_or_else(|| panic!("line {}: bad reference {s:?}", i + 1)),
            ),
        };
        let order = match cols.get(4).map(|s| s.trim()) {
            Some("MF") => NumericOrder::MonthFirst,
            Some("DF") => NumericOrder::DayFirst,
            None | Some("") | Some("-") => NumericOrder::Unknown,
            Some(other) => panic!("line {}: bad numeric order {other:?}", i + 1),
        };
        let spans = split_list(cols[2]);
        let values: Vec<Option<&str>> = split_list(cols[3])
            .into_iter()
            .map(|v| (v != "null").then_some(v))
            .collect();
        assert_eq!(
            spans.len(),
            values.len(),
            "line {}: spans and values differ in number",
            i + 1
        );
        rows.push(Row {
            line: i + 1,
            text: cols[0],
            reference,
            spans,
            values,
            order,
        });
    }
    rows
}

#[test]
fn date_table() {
    let finder = DateFinder::new();
    let rows = parse_rows();
    assert!(
        rows.len() >= 150,
        "the table should hold at least 150 cases, has {}",
        rows.len()
    );
    let mut failures = 0;
    for row in &rows {
        let ctx = DateContext {
            reference: row.reference,
            numeric_order: row.order,
        };
        let found = finder.find(row.text, &ctx);
        for m in &found {
            assert!(
                m.start < m.end
                    && row.text.is_char_boundary(m.start)
                    && row.text.is_char_boundary(m.end),
                "line {}: bad offsets {m:?}",
                row.line
            );
        }
        let got: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|m| (&row.text[m.start..m.end], m.value.as_deref()))
            .collect();
        let want: Vec<(&str, Option<&str>)> = row
            .spans
            .iter()
            .copied()
            .zip(row.values.iter().copied())
            .collect();
        if got != want {
            failures += 1;
            println!(
                "FAIL line {}: {:?} (reference {:?})",
                row.line,
                row.text,
                row.reference.map(|d| d.to_string())
            );
            println!("    want: {want:?}");
            println!(
                "    got:  {got:?}  rules {:?}",
                found.iter().map(|m| m.rule).collect::<Vec<_>>()
            );
        }
    }
    println!(
        "{} of {} date table rows passed",
        rows.len() - failures,
        rows.len()
    );
    assert_eq!(
        failures, 0,
        "{failures} date table row(s) failed (see above)"
    );
}

#[test]
fn finder_is_shareable_across_threads() {
    let finder = std::sync::Arc::new(DateFinder::new());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let f = std::sync::Arc::clone(&finder);
            std::thread::spawn(move || {
                let ctx = DateContext {
                    reference: Date::new(2024, 5, 8),
                    ..Default::default()
                };
                let text = format!("Talks were held on May {}.", i + 1);
                f.find(&text, &ctx).len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 1);
    }
}
