//! Loading clinic configuration files, with errors that name the file, line and field.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use portal_core::clinic::{Clinic, ClinicConfig};

/// A clinic configuration file that cannot be used, and why.
#[derive(Debug)]
pub struct ClinicFileError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field path, like `providers[1].locations[0]`, when known.
    pub field: Option<String>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for ClinicFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ClinicFileError {}

/// All the clinics this server serves, by id.
#[derive(Debug, Clone, Default)]
pub struct Clinics {
    by_id: HashMap<String, Arc<Clinic>>,
}

impl Clinics {
    /// Loads and validates each file; every problem in every file is reported.
    pub fn load(files: &[PathBuf]) -> Result<Self, Vec<ClinicFileError>> {
        let mut clinics = Clinics::default();
        let mut errors = Vec::new();
        for file in files {
            match load_file(file) {
                Ok(config) => {
                    let id = config.clinic.id.clone();
                    match clinics.by_id.entry(id) {
                        std::collections::hash_map::Entry::Occupied(taken) => errors.push(ClinicFileError {
                            file: file.clone(),
                            line: None,
                            field: Some("clinic.id".into()),
                            message: format!(
                                "\"{}\" is already used by another clinic file; each clinic needs its own id",
                                taken.key()
                            ),
                        }),
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(Arc::new(config));
                        }
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if errors.is_empty() {
            Ok(clinics)
        } else {
            Err(errors)
        }
    }

    /// The clinic with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Clinic>> {
        self.by_id.get(id)
    }

    /// Every clinic.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Clinic>> {
        self.by_id.values()
    }

    /// Builds the set from configs already parsed (tests).
    pub fn from_configs(configs: impl IntoIterator<Item = Clinic>) -> Self {
        Clinics {
            by_id: configs
                .into_iter()
                .map(|c| (c.clinic.id.clone(), Arc::new(c)))
                .collect(),
        }
    }
}

/// Reads, parses and validates one clinic file.
pub fn load_file(file: &Path) -> Result<Clinic, Vec<ClinicFileError>> {
    let fail = |line, field, message| {
        vec![ClinicFileError {
            file: file.to_path_buf(),
            line,
            field,
            message,
        }]
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            return Err(fail(
                None,
                None,
                format!("cannot read the clinic file: {e}"),
            ))
        }
    };
    parse(&text).map_err(|issues| {
        issues
            .into_iter()
            .map(|(line, field, message)| ClinicFileError {
                file: file.to_path_buf(),
                line,
                field,
                message,
            })
            .collect()
    })
}

type Issue = (Option<usize>, Option<String>, String);

/// Parses a clinic file's text into a [`Clinic`]; each issue has its line and field when known.
pub fn parse(text: &str) -> Result<Clinic, Vec<Issue>> {
    let deserializer = toml::Deserializer::new(text);
    let config: ClinicConfig = match serde_path_to_error::deserialize(deserializer) {
        Ok(config) => config,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let line = inner.span().map(|s| line_of(text, s.start));
            let field = (path != ".").then_some(path);
            return Err(vec![(line, field, inner.message().trim().to_string())]);
        }
    };
    let issues = match Clinic::new(config) {
        Ok(clinic) => return Ok(clinic),
        Err(issues) => issues,
    };
    let document = text.parse::<toml_edit::ImDocument<String>>().ok();
    Err(issues
        .into_iter()
        .map(|issue| {
            let line = document
                .as_ref()
                .and_then(|doc| span_of(doc, &issue.path))
                .map(|start| line_of(text, start));
            (line, Some(issue.path), issue.message)
        })
        .collect())
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Finds where a path like `providers[1].hours[0].end` is written, walking back to the
/// nearest parent that exists (a missing field is reported at its table).
fn span_of(doc: &toml_edit::ImDocument<String>, path: &str) -> Option<usize> {
    let mut item: &toml_edit::Item = doc.as_item();
    let mut best = None;
    for segment in path.split('.') {
        let (key, indexes) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        let Some(next) = item.get(key) else { break };
        item = next;
        if let Some(span) = item_start(item) {
            best = Some(span);
        }
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            let Ok(i) = index.parse::<usize>() else { break };
            let Some(next) = item.get(i) else { break };
            item = next;
            if let Some(span) = item_start(item) {
                best = Some(span);
            }
        }
    }
    best
}

fn item_start(item: &toml_edit::Item) -> Option<usize> {
    match item {
        toml_edit::Item::Value(v) => v.span().map(|s| s.start),
        toml_edit::Item::Table(t) => t.span().map(|s| s.start),
        toml_edit::Item::ArrayOfTables(a) => a.span().map(|s| s.start),
        toml_edit::Item::None => None,
    }
}

/// The demo clinic (`examples/demo-clinic.toml`), for the server's unit tests.
#[cfg(test)]
pub(crate) fn demo_clinic() -> Clinic {
    let file = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/demo-clinic.toml"
    ));
    load_file(file).expect("demo clinic")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/demo-clinic.toml"
        ))
        .expect("demo clinic file")
    }

    #[test]
    fn the_demo_clinic_loads() {
        let config = parse(&demo()).expect("demo clinic is valid");
        assert_eq!(config.clinic.id, "maple-grove");
    }

    #[test]
    fn a_bad_time_zone_names_its_line_and_field() {
        let text = demo().replace("America/New_York", "Eastern Time");
        let issues = parse(&text).unwrap_err();
        let expected_line = text
            .lines()
            .position(|l| l.contains("Eastern Time"))
            .unwrap()
            + 1;
        assert_eq!(issues[0].0, Some(expected_line));
        assert_eq!(issues[0].1.as_deref(), Some("clinic.timezone"));
        assert!(
            issues[0].2.contains("not an IANA time zone"),
            "{}",
            issues[0].2
        );
    }

    #[test]
    fn an_unknown_location_names_its_line() {
        let text = demo().replacen("locations = [\"downtown\"]", "locations = [\"uptown\"]", 1);
        let issues = parse(&text).unwrap_err();
        let expected_line = text.lines().position(|l| l.contains("\"uptown\"")).unwrap() + 1;
        assert!(
            issues
                .iter()
                .any(|(line, field, message)| *line == Some(expected_line)
                    && field
                        .as_deref()
                        .is_some_and(|f| f.ends_with(".locations[0]"))
                    && message.contains("\"uptown\" is not a location id")),
            "{issues:?}"
        );
    }

    #[test]
    fn an_unknown_field_is_named() {
        let text = demo().replacen("[clinic]\n", "[clinic]\ncolour = \"blue\"\n", 1);
        let issues = parse(&text).unwrap_err();
        assert!(issues[0].2.contains("unknown field `colour`"), "{issues:?}");
        assert!(issues[0].0.is_some());
    }
}
