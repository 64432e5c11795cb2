//! The widget's side of the API types (feature `js`): each type in [`crate::api`] derives
//! [`Wire`](portal_wire_derive::Wire), which generates its [`FromJs`] reader and [`ToJs`] writer
//! from the same declaration (and `serde` attributes) the server serializes and documents.
//!
//! JSON text is parsed and written by the browser (`JSON.parse`, `JSON.stringify`); these read
//! and write the JS values. Every generated field read is one call to a small non-generic
//! helper below, so each type costs its bundle little more than its field names.

pub use portal_wire_derive::Wire;
pub use wasm_bindgen::JsValue;

use js_sys::{Array, Object, Reflect};
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsCast;

/// Reads a type from a parsed JSON value; `None` when a required field is missing or of the
/// wrong shape.
pub trait FromJs: Sized {
    /// The value, when `v` has this type's shape.
    fn from_js(v: &JsValue) -> Option<Self>;
}

/// Writes a type as a JS value ready for `JSON.stringify`.
pub trait ToJs {
    /// The JS value.
    fn to_js(&self) -> JsValue;
}

/// `T` from JSON text, parsed by the browser.
pub fn from_json<T: FromJs>(text: &str) -> Option<T> {
    T::from_js(&js_sys::JSON::parse(text).ok()?)
}

/// `value` as JSON text, written by the browser.
pub fn to_json<T: ToJs + ?Sized>(value: &T) -> Option<String> {
    stringify(&value.to_js())
}

/// A JS value as JSON text (not generic: one copy for every type written).
#[inline(never)]
pub fn stringify(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}

// ---------------------------------------------------------------------------------------------
// What the generated code calls, never inlined: the non-generic ones have one copy for every
// type, the generic ones one copy per field type (not per field).
// ---------------------------------------------------------------------------------------------

/// `v[key]`, or `undefined`.
#[doc(hidden)]
#[inline(never)]
pub fn field(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Whether `v` is a plain object (not an array, not null).
#[doc(hidden)]
#[inline(never)]
pub fn is_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

/// A new empty object.
#[doc(hidden)]
#[inline(never)]
pub fn object() -> Object {
    Object::new()
}

/// `o[key] = value`.
#[doc(hidden)]
#[inline(never)]
pub fn set(o: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value);
}

/// The string `v`, if it is one.
#[doc(hidden)]
#[inline(never)]
pub fn string(v: &JsValue) -> Option<String> {
    v.as_string()
}

/// Whether `v` is the string `word` (a closed set's reader).
#[doc(hidden)]
#[inline(never)]
pub fn is(v: &JsValue, word: &str) -> bool {
    *v == JsValue::from_str(word)
}

/// Whether `v` is missing (`undefined`) or `null`.
#[doc(hidden)]
#[inline(never)]
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// `v` as an array, if it is one.
#[inline(never)]
fn array(v: &JsValue) -> Option<&Array> {
    Array::is_array(v).then(|| v.unchecked_ref())
}

/// A whole number from 0 to `max`.
#[inline(never)]
fn whole(v: &JsValue, max: f64) -> Option<f64> {
    v.as_f64()
        .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= max)
}

/// A required field `v[key]`; when it is missing or of the wrong shape, the struct being read
/// fails (and the value returned is only a placeholder). One copy per field type.
#[doc(hidden)]
#[inline(never)]
pub fn read<T: FromJs + Default>(v: &JsValue, key: &str) -> T {
    take(&field(v, key))
}

/// A list field `v[key]` (empty when absent and `may_be_absent`); when it or one of its items
/// does not have its shape, the struct being read fails. The generic part is only the reading
/// and keeping of one item: one copy per item type would otherwise repeat the whole loop.
#[doc(hidden)]
#[inline(never)]
pub fn read_list<T: FromJs>(v: &JsValue, key: &str, may_be_absent: bool) -> Vec<T> {
    let mut out = Vec::new();
    each(v, key, may_be_absent, &mut |item| {
        T::from_js(item).map(|item| out.push(item)).is_some()
    });
    out
}

/// Calls `keep` with each item of the list `v[key]`; the struct being read fails when the list
/// is not there (and may not be absent), is not a list, or `keep` refuses an item.
#[inline(never)]
fn each(v: &JsValue, key: &str, may_be_absent: bool, keep: &mut dyn FnMut(&JsValue) -> bool) {
    let value = field(v, key);
    match array(&value) {
        Some(items) => {
            for i in 0..items.length() {
                if !keep(&items.get(i)) {
                    fail();
                }
            }
        }
        None if may_be_absent && absent(&value) => {}
        None => fail(),
    }
}

/// An optional field `v[key]`: `None` when absent or `null`; when it is there but does not
/// have its shape, the struct being read fails.
#[doc(hidden)]
#[inline(never)]
pub fn read_option<T: FromJs>(v: &JsValue, key: &str) -> Option<T> {
    let value = field(v, key);
    if absent(&value) {
        return None;
    }
    let read = T::from_js(&value);
    if read.is_none() {
        fail();
    }
    read
}

/// A field with a default (`#[serde(default)]`, `#[serde(default = "path")]`): `default()`
/// when it is absent; when it is there but of the wrong shape, the struct being read fails.
#[doc(hidden)]
#[inline(never)]
pub fn read_or<T: FromJs + Default>(v: &JsValue, key: &str, default: fn() -> T) -> T {
    let value = field(v, key);
    if absent(&value) {
        default()
    } else {
        take(&value)
    }
}

impl FromJs for String {
    fn from_js(v: &JsValue) -> Option<Self> {
        string(v)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for str {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl FromJs for bool {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_bool()
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl FromJs for $t {
            fn from_js(v: &JsValue) -> Option<Self> {
                whole(v, <$t>::MAX as f64).map(|n| n as $t)
            }
        }
        impl ToJs for $t {
            fn to_js(&self) -> JsValue {
                JsValue::from_f64(*self as f64)
            }
        }
    )*};
}

whole_numbers!(u8, u16, u32, u64);

impl FromJs for i64 {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0)
            .map(|n| n as i64)
    }
}

impl ToJs for i64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

impl FromJs for f32 {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_f64().map(|n| n as f32)
    }
}

impl ToJs for f32 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64((*self).into())
    }
}

impl FromJs for f64 {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_f64()
    }
}

impl ToJs for f64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
}

impl<T: FromJs> FromJs for Option<T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        if absent(v) {
            Some(None)
        } else {
            T::from_js(v).map(Some)
        }
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        match self {
            Some(value) => value.to_js(),
            None => JsValue::NULL,
        }
    }
}

impl<T: FromJs + Default> FromJs for Vec<T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        let items = array(v)?;
        let mut out = Vec::new();
        for i in 0..items.length() {
            out.push(T::from_js(&items.get(i))?);
        }
        Some(out)
    }
}

/// `T` from `v`; when `v` does not have its shape, the value being read fails (and a
/// placeholder is returned).
#[inline(always)]
fn take<T: FromJs + Default>(v: &JsValue) -> T {
    match T::from_js(v) {
        Some(value) => value,
        None => {
            fail();
            T::default()
        }
    }
}

// Whether a field of the struct being read was missing or of the wrong shape. A flag (the
// widget runs on one thread) rather than an argument to every field read: less code per field.
static FAILED: AtomicBool = AtomicBool::new(false);

#[inline(never)]
fn fail() {
    FAILED.store(true, Ordering::Relaxed);
}

/// Starts reading a struct: returns (and clears) whether the struct around it has failed yet.
#[doc(hidden)]
#[inline(never)]
pub fn begin() -> bool {
    FAILED.swap(false, Ordering::Relaxed)
}

/// Ends reading a struct started with `outer = begin()`: whether one of its fields failed (the
/// struct around it then fails too, when its field read sees `None`).
#[doc(hidden)]
#[inline(never)]
pub fn end(outer: bool) -> bool {
    FAILED.swap(outer, Ordering::Relaxed)
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.iter().map(ToJs::to_js).collect::<Array>().into()
    }
}

impl<T: FromJs> FromJs for Box<T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        T::from_js(v).map(Box::new)
    }
}

impl<T: ToJs> ToJs for Box<T> {
    fn to_js(&self) -> JsValue {
        (**self).to_js()
    }
}
