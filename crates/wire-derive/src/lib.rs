//! `#[derive(ClosedSet)]`: an enum's words written once (see [`derive_closed_set`]).
//!
//! `#[derive(Wire)]`: a reader (`FromJs`) and a writer (`ToJs`) between an API type and the
//! JS values the browser's `JSON.parse` and `JSON.stringify` work with, generated from the
//! type's own declaration in portal-core and its `serde` attributes, so the widget and the
//! server (serde, utoipa) read one declaration: a field renamed in core renames it on both sides.
//!
//! Why not serde in the widget: every type's serde reader is a generic `deserialize_map` state
//! machine, 0.5–1 KB gzip each in a bundle that is within 0.5 KB of its budget (BENCHMARKS.md,
//! "Wire format"). The code generated here is what the widget used to write by hand: one call to
//! a small, non-generic helper per field (`portal_core::wire`).
//!
//! Understood attributes, with serde's meaning:
//! - on a struct: `#[serde(transparent)]` (or any one-field tuple struct: a newtype);
//! - on an enum of unit variants: `#[serde(rename_all = "lowercase" | "snake_case")]`;
//! - on a field or variant: `rename = "..."`; on a field: `default`, `default = "path"`,
//!   `skip_serializing_if = "path"`.
//!
//! A required field that is missing or of the wrong type makes the whole value unreadable
//! (`None`), as serde would: a renamed key never reads as an empty string. (Field types are
//! `Default`: the reader fills a bad field with it, carries on, and drops the value at the end,
//! which is far smaller code than returning early from every field.)

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{parse_macro_input, Data, DeriveInput, Expr, Fields, Lit, Meta, Token};

/// Derives `portal_core::wire::FromJs` and `portal_core::wire::ToJs`.
#[proc_macro_derive(Wire)]
pub fn derive_wire(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Derives, for an enum of unit variants (a closed set of words), its words written once:
/// `ALL` (every value, in declaration order), `as_str` (the word), `parse` (the value of a word)
/// and `TryFrom<String>` (for database columns, through `#[sqlx(try_from = "String")]`, with
/// `portal_core::UnknownWord` naming the words allowed). The words are what serde writes: the
/// enum's `#[serde(rename_all = "lowercase" | "snake_case")]` and a variant's
/// `#[serde(rename = "...")]`; an enum without `rename_all` takes `snake_case` (give it one
/// when it also derives serde, so the two agree).
#[proc_macro_derive(ClosedSet)]
pub fn derive_closed_set(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match closed_set(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn closed_set(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            name,
            "derive(ClosedSet) is for enums of unit variants",
        ));
    };
    let rule = serde_attrs(&input.attrs)?
        .rename_all
        .unwrap_or_else(|| "snake_case".into());
    let mut idents = Vec::new();
    let mut words = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(
                variant,
                "derive(ClosedSet) is for enums of unit variants (a closed set of words)",
            ));
        }
        let word = match serde_attrs(&variant.attrs)?.rename {
            Some(word) => word,
            None => renamed(&variant.ident.to_string(), Some(&rule))?,
        };
        idents.push(&variant.ident);
        words.push(word);
    }
    let count = idents.len();
    let set = name.to_string();
    Ok(quote!(
        impl #name {
            /// Every value, in declaration order.
            pub const ALL: [#name; #count] = [#(#name::#idents),*];

            /// Its word, as the API, the files and the database write it.
            pub const fn as_str(self) -> &'static str {
                match self { #(#name::#idents => #words,)* }
            }

            /// The value of a word; `None` for a word not in the set.
            pub fn parse(word: &str) -> ::core::option::Option<#name> {
                match word {
                    #(#words => ::core::option::Option::Some(#name::#idents),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::convert::TryFrom<::std::string::String> for #name {
            type Error = ::portal_core::UnknownWord;

            fn try_from(word: ::std::string::String) -> ::core::result::Result<#name, ::portal_core::UnknownWord> {
                #name::parse(&word).ok_or(::portal_core::UnknownWord {
                    set: #set,
                    word,
                    allowed: &[#(#words),*],
                })
            }
        }
    ))
}

/// What `#[serde(...)]` says on one item.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<String>,
    default: Option<Option<syn::Path>>,
    skip_if: Option<syn::Path>,
}

fn serde_attrs(attrs: &[syn::Attribute]) -> syn::Result<Serde> {
    let mut out = Serde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let list = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
        for meta in list {
            let name = meta
                .path()
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = match &meta {
                Meta::NameValue(nv) => match &nv.value {
                    Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(s), ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            };
            match (name.as_str(), value) {
                ("rename", Some(v)) => out.rename = Some(v),
                ("rename_all", Some(v)) => out.rename_all = Some(v),
                ("default", None) => out.default = Some(None),
                ("default", Some(v)) => out.default = Some(Some(syn::parse_str(&v)?)),
                ("skip_serializing_if", Some(v)) => out.skip_if = Some(syn::parse_str(&v)?),
                // Rules the widget's reader need not repeat (the server checks requests).
                ("deny_unknown_fields" | "transparent", _) => {}
                _ => {
                    return Err(syn::Error::new_spanned(
                        meta,
                        "derive(Wire) and derive(ClosedSet) do not know this serde attribute: teach them in crates/wire-derive",
                    ))
                }
            }
        }
    }
    Ok(out)
}

/// A variant's name on the wire under `rename_all`.
fn renamed(name: &str, rule: Option<&str>) -> syn::Result<String> {
    Ok(match rule {
        None => name.to_string(),
        Some("lowercase") => name.to_lowercase(),
        Some("snake_case") => {
            let mut out = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push('_');
                }
                out.extend(c.to_lowercase());
            }
            out
        }
        Some(other) => {
            return Err(syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("derive(Wire) does not know rename_all = {other:?}"),
            ))
        }
    })
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let w = quote!(::portal_core::wire);
    let (read, write) = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => {
                let mut reads = Vec::new();
                let mut idents = Vec::new();
                let mut writes = Vec::new();
                for field in &fields.named {
                    let ident = field.ident.as_ref().expect("named");
                    let attrs = serde_attrs(&field.attrs)?;
                    let key = attrs.rename.unwrap_or_else(|| ident.to_string());
                    // An `Option` reads a missing field as `None` by itself.
                    let is_option = matches!(&field.ty, syn::Type::Path(t)
                        if t.path.segments.last().is_some_and(|s| s.ident == "Option"));
                    let default = if is_option { None } else { attrs.default };
                    let is_vec = matches!(&field.ty, syn::Type::Path(t)
                        if t.path.segments.last().is_some_and(|s| s.ident == "Vec"));
                    let read = match default {
                        // A list's items are read in the same function that finds the list.
                        None if is_vec => quote!(#w::read_list(v, #key, false)),
                        Some(None) if is_vec => quote!(#w::read_list(v, #key, true)),
                        None if is_option => quote!(#w::read_option(v, #key)),
                        None => quote!(#w::read(v, #key)),
                        Some(None) => {
                            quote!(#w::read_or(v, #key, ::core::default::Default::default))
                        }
                        Some(Some(path)) => quote!(#w::read_or(v, #key, #path)),
                    };
                    reads.push(read);
                    idents.push(ident);
                    let set = quote!(#w::set(&o, #key, #w::ToJs::to_js(&self.#ident)););
                    writes.push(match attrs.skip_if {
                        Some(path) => quote!(if !#path(&self.#ident) { #set }),
                        None => set,
                    });
                }
                (
                    quote!(
                        if !#w::is_object(v) {
                            return None;
                        }
                        // Every field is read (one call each), and a value with a field
                        // missing or mistyped is dropped once at the end: no early return
                        // with its own drop path per field.
                        let outer = #w::begin();
                        let value = Self { #(#idents: #reads,)* };
                        if #w::end(outer) { None } else { Some(value) }
                    ),
                    quote!(
                        let o = #w::object();
                        #(#writes)*
                        o.into()
                    ),
                )
            }
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => (
                quote!(#w::FromJs::from_js(v).map(Self)),
                quote!(#w::ToJs::to_js(&self.0)),
            ),
            _ => {
                return Err(syn::Error::new_spanned(
                    name,
                    "derive(Wire) reads structs with named fields and one-field newtypes",
                ))
            }
        },
        Data::Enum(data) => {
            let rule = serde_attrs(&input.attrs)?.rename_all;
            let mut reads = Vec::new();
            let mut writes = Vec::new();
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    return Err(syn::Error::new_spanned(
                        variant,
                        "derive(Wire) reads enums of unit variants (a closed set of words)",
                    ));
                }
                let ident = &variant.ident;
                let word = match serde_attrs(&variant.attrs)?.rename {
                    Some(word) => word,
                    None => renamed(&ident.to_string(), rule.as_deref())?,
                };
                reads.push(quote!(if #w::is(v, #word) { return Some(Self::#ident); }));
                writes.push(quote!(Self::#ident => #word));
            }
            (
                // Compared as JS strings: no copy into wasm memory.
                quote!(
                    #(#reads)*
                    None
                ),
                quote!(#w::JsValue::from_str(match self { #(#writes,)* })),
            )
        }
        Data::Union(_) => {
            return Err(syn::Error::new_spanned(
                name,
                "derive(Wire) does not read unions",
            ))
        }
    };
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote!(
        impl #impl_generics #w::FromJs for #name #ty_generics #where_clause {
            fn from_js(v: &#w::JsValue) -> ::core::option::Option<Self> {
                #read
            }
        }
        impl #impl_generics #w::ToJs for #name #ty_generics #where_clause {
            fn to_js(&self) -> #w::JsValue {
                #write
            }
        }
    ))
}
