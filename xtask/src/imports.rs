//! Short import names. wasm-bindgen names each function the wasm imports from its glue after the
//! function and a hash (`__wbg_addEventListener_f2d27251d333a631`), and writes each name twice:
//! in the wasm's import section and as a key of the glue's import object. 138 of them in the
//! booking bundle are about 4.5 KB of gzip (hashes do not compress). Renamed `a`, `b`, ... in
//! both places, the same code loads the same way.

use anyhow::{bail, Context, Result};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Imports, Parser, Payload};

/// The wasm and its glue with every import from the glue (module `*_bg.js`) renamed to a short
/// name. Each old name must stand exactly once in the glue, as a whole word, or nothing is
/// renamed (an error: wasm-bindgen changed how it writes its glue).
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String)> {
    let mut module = wasm_encoder::Module::new();
    let mut glue = glue.to_string();
    let mut renamed = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.context("the wasm cannot be read")?;
        if let Payload::ImportSection(reader) = &payload {
            let mut section = wasm_encoder::ImportSection::new();
            for group in reader.clone() {
                let Imports::Single(_, import) = group? else {
                    bail!("the wasm uses compact imports, which shorten_imports does not rewrite");
                };
                let name = if import.module.ends_with("_bg.js") {
                    let short = short_name(renamed);
                    renamed += 1;
                    glue = replace_once(&glue, import.name, &short)?;
                    short
                } else {
                    import.name.to_string()
                };
                let ty = RoundtripReencoder
                    .entity_type(import.ty)
                    .map_err(|e| anyhow::anyhow!("import {}: {e:?}", import.name))?;
                section.import(import.module, &name, ty);
            }
            module.section(&section);
        } else if let Some((id, range)) = payload.as_section() {
            module.section(&wasm_encoder::RawSection {
                id,
                data: &wasm[range],
            });
        }
    }
    if renamed == 0 {
        bail!(
            "the wasm imports nothing from its glue; wasm-bindgen changed how it names its module"
        );
    }
    Ok((module.finish(), glue))
}

/// `a` … `z`, `A` … `Z`, then `aa`, `ab`, ...: the `n`th short name.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

/// `text` with the one whole-word `word` in it replaced by `by`.
fn replace_once(text: &str, word: &str, by: &str) -> Result<String> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let found: Vec<usize> = text
        .match_indices(word)
        .map(|(at, _)| at)
        .filter(|&at| {
            !text[..at].ends_with(is_word) && !text[at + word.len()..].starts_with(is_word)
        })
        .collect();
    match found[..] {
        [at] => Ok(format!("{}{by}{}", &text[..at], &text[at + word.len()..])),
        _ => bail!(
            "the glue names the import {word} {} times, not once; wasm-bindgen changed how it writes its glue",
            found.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_and_short() {
        let names: Vec<String> = (0..2000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names.iter().all(|n| n.len() <= 2));
    }

    #[test]
    fn a_name_is_replaced_only_as_a_whole_word_and_only_once() {
        let glue = "const i = { __wbg_a_1: function() {}, __wbg_a_12: function() {} };";
        assert_eq!(
            replace_once(glue, "__wbg_a_1", "x").unwrap(),
            "const i = { x: function() {}, __wbg_a_12: function() {} };"
        );
        assert!(replace_once("f(__wbg_b_2); g(__wbg_b_2)", "__wbg_b_2", "y").is_err());
        assert!(replace_once("nothing here", "__wbg_c_3", "z").is_err());
    }

    #[test]
    fn a_module_keeps_its_code_and_gets_short_import_names() {
        // (import "./w_bg.js" "__wbg_log_0123" (func)) (import "env" "memory" (memory 1))
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        let mut imports = wasm_encoder::ImportSection::new();
        imports.import(
            "./w_bg.js",
            "__wbg_log_0123",
            wasm_encoder::EntityType::Function(0),
        );
        imports.import(
            "env",
            "memory",
            wasm_encoder::MemoryType {
                minimum: 1,
                maximum: None,
                memory64: false,
                shared: false,
                page_size_log2: None,
            },
        );
        let mut module = wasm_encoder::Module::new();
        module.section(&types).section(&imports);
        let wasm = module.finish();
        let (shorter, glue) =
            shorten(&wasm, "const imports = { __wbg_log_0123: function() {} };").unwrap();
        assert_eq!(glue, "const imports = { a: function() {} };");
        let mut names = Vec::new();
        for payload in Parser::new(0).parse_all(&shorter) {
            if let Payload::ImportSection(reader) = payload.unwrap() {
                for group in reader {
                    if let Imports::Single(_, import) = group.unwrap() {
                        names.push((import.module.to_string(), import.name.to_string()));
                    }
                }
            }
        }
        assert_eq!(
            names,
            [
                ("./w_bg.js".into(), "a".into()),
                ("env".into(), "memory".into())
            ]
        );
        wasmparser::Validator::new().validate_all(&shorter).unwrap();
    }
}
