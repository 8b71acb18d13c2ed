//! [`Attr`]: the typed handle of one attribute (or one property of it, or one reached
//! through record references) of the records of `R`; its operators build a
//! [`Condition`], its sorts a [`Sort`].

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use serde_json::{Map, Value, json};

use super::Filter;
use super::values::{
    Element, Equatable, FilterField, FilterValue, InSet, Operand, Ordered, Prefix, Substring,
};

/// The handle of an attribute of `R` whose values are `V`s: filter on it (`eq`,
/// `contains`, `gt`, … as `V` allows), sort by it, reach its properties (`last_name()`,
/// `email_domain()`, …) or, for a record reference, the attributes of the referenced
/// records ([`through`](Attr::through)).
///
/// `#[derive(AttioRecord)]` generates one per field (`User::fields().email`); build one
/// yourself with [`Attr::new`] for objects that have no struct.
pub struct Attr<R, V> {
    /// The object (or list) the attribute belongs to.
    object: &'static str,
    slug: &'static str,
    property: Option<&'static str>,
    /// `(object, attribute)` pairs of the record references walked to reach `object`.
    hops: Vec<(&'static str, &'static str)>,
    marker: PhantomData<fn() -> (R, V)>,
}

impl<R, V> Attr<R, V> {
    /// The attribute `slug` of `object`'s records, with values of type `V`
    /// (e.g. `Attr::<Record, String>::new("companies", "description")`).
    pub const fn new(object: &'static str, slug: &'static str) -> Self {
        Self {
            object,
            slug,
            property: None,
            hops: Vec::new(),
            marker: PhantomData,
        }
    }

    /// The parent's attribute `slug` on the entries of `list` (whose parents are records
    /// of `parent_object`): Attio's path `[[list, "parent_record"], [parent_object, slug]]`.
    /// Not a public API: the derive's handle of a parent field named by a unique value.
    #[doc(hidden)]
    pub fn __through_parent(
        list: &'static str,
        parent_object: &'static str,
        slug: &'static str,
    ) -> Self {
        Self {
            object: parent_object,
            slug,
            property: None,
            hops: vec![(list, "parent_record")],
            marker: PhantomData,
        }
    }

    /// The attribute's slug.
    pub fn slug(&self) -> &'static str {
        self.slug
    }

    /// The property this handle reads, when it is one (`last_name`, `email_domain`, …).
    pub fn property(&self) -> Option<&'static str> {
        self.property
    }

    /// The property `name` of this attribute's values, with values of type `W`.
    pub(crate) fn field<W>(&self, name: &'static str) -> Attr<R, W> {
        Attr {
            object: self.object,
            slug: self.slug,
            property: Some(name),
            hops: self.hops.clone(),
            marker: PhantomData,
        }
    }

    /// `next` (an attribute of the records this reference points to), reached from `R`.
    pub(crate) fn hop<T, W>(&self, next: &Attr<T, W>) -> Attr<R, W> {
        let mut hops = self.hops.clone();
        hops.push((self.object, self.slug));
        hops.extend_from_slice(&next.hops);
        Attr {
            object: next.object,
            slug: next.slug,
            property: next.property,
            hops,
            marker: PhantomData,
        }
    }

    /// Attio's `path`: the hops, then this attribute.
    fn path(&self) -> Value {
        let last = (self.object, self.slug);
        let pairs = self.hops.iter().chain([&last]);
        Value::Array(pairs.map(|(o, a)| json!([o, a])).collect())
    }

    /// `{slug: inner}`, or `{"path": …, "constraints": inner}` after hops.
    pub(crate) fn wrap(&self, inner: Value) -> Value {
        if self.hops.is_empty() {
            Value::Object(Map::from_iter([(self.slug.to_owned(), inner)]))
        } else {
            json!({"path": self.path(), "constraints": inner})
        }
    }

    /// The filter of `ops` (operator to operand) on this handle. A lone `$eq` is written
    /// in Attio's implicit form (`{"name": "Ada"}`, `{"name": {"first_name": "Ada"}}`),
    /// the form the attribute-type pages use; anything else explicitly.
    fn constrain(&self, ops: Map<String, Value>) -> Value {
        let implicit = |ops: Map<String, Value>| match ops.get("$eq") {
            Some(value) if ops.len() == 1 && !value.is_object() => value.clone(),
            _ => Value::Object(ops),
        };
        match self.property {
            Some(property) => {
                let inner = Map::from_iter([(property.to_owned(), implicit(ops))]);
                self.wrap(Value::Object(inner))
            }
            // Path constraints are an object: there the operators stay explicit.
            None if !self.hops.is_empty() => self.wrap(Value::Object(ops)),
            None => self.wrap(implicit(ops)),
        }
    }

    /// Sorts smallest first (by this property with `field`, through references with
    /// `path`).
    pub fn ascending(&self) -> Sort<R> {
        self.sort("asc")
    }

    /// Sorts largest first.
    pub fn descending(&self) -> Sort<R> {
        self.sort("desc")
    }

    fn sort(&self, direction: &str) -> Sort<R> {
        let mut sort = Map::new();
        sort.insert("direction".to_owned(), direction.into());
        if self.hops.is_empty() {
            sort.insert("attribute".to_owned(), self.slug.into());
        } else {
            sort.insert("path".to_owned(), self.path());
        }
        if let Some(property) = self.property {
            sort.insert("field".to_owned(), property.into());
        }
        Sort::raw(Value::Object(sort))
    }
}

impl<R, V> Clone for Attr<R, V> {
    fn clone(&self) -> Self {
        Self {
            object: self.object,
            slug: self.slug,
            property: self.property,
            hops: self.hops.clone(),
            marker: PhantomData,
        }
    }
}

impl<R, V> fmt::Debug for Attr<R, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attr")
            .field("object", &self.object)
            .field("slug", &self.slug)
            .field("property", &self.property)
            .field("hops", &self.hops)
            .finish()
    }
}

/// One or more operators on one handle, ANDed (Attio's "several operators on one
/// property"): `followers.gte(100).lt(200)` is `{"followers": {"$gte": 100, "$lt": 200}}`.
/// Converts into a [`Filter`]; `&`, `|` and `!` work on it directly.
pub struct Condition<R, V> {
    attr: Attr<R, V>,
    ops: Map<String, Value>,
}

impl<R, V> Condition<R, V> {
    fn with(mut self, op: &str, operand: Value) -> Self {
        self.ops.insert(op.to_owned(), operand);
        self
    }
}

/// Where an operator starts: a handle starts a condition, a condition goes on.
trait Start<R, V> {
    fn start(self) -> Condition<R, V>;
}

impl<R, V> Start<R, V> for &Attr<R, V> {
    fn start(self) -> Condition<R, V> {
        Condition {
            attr: self.clone(),
            ops: Map::new(),
        }
    }
}

impl<R, V> Start<R, V> for Condition<R, V> {
    fn start(self) -> Condition<R, V> {
        self
    }
}

/// The operators, once for handles (`&self`) and once for conditions (`self`, adding an
/// operator to the same property). Each is bounded on the method, so a missing operator
/// is reported with the capability trait's message.
macro_rules! operators {
    ([$($recv:tt)+] $this:tt) => {
        /// `$eq`: a value equals `value` (any value, for a multi-value attribute).
        pub fn eq(
            $($recv)+,
            value: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Equatable>,
        {
            $this.start().with("$eq", value.to_operand())
        }

        /// `$in`: a value is one of `values`.
        pub fn one_of<O: Operand<Element<V>>>(
            $($recv)+,
            values: impl IntoIterator<Item = O>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: InSet>,
        {
            let list = values.into_iter().map(Operand::to_operand).collect();
            $this.start().with("$in", Value::Array(list))
        }

        /// `$contains`: a value contains `text`, case-insensitively.
        pub fn contains(
            $($recv)+,
            text: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Substring>,
        {
            $this.start().with("$contains", text.to_operand())
        }

        /// `$starts_with`: a value starts with `text`.
        pub fn starts_with(
            $($recv)+,
            text: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Prefix>,
        {
            $this.start().with("$starts_with", text.to_operand())
        }

        /// `$ends_with`: a value ends with `text`.
        pub fn ends_with(
            $($recv)+,
            text: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Substring>,
        {
            $this.start().with("$ends_with", text.to_operand())
        }

        /// `$lt`: a value is less than `value`.
        pub fn lt(
            $($recv)+,
            value: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Ordered>,
        {
            $this.start().with("$lt", value.to_operand())
        }

        /// `$lte`: a value is at most `value`.
        pub fn lte(
            $($recv)+,
            value: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Ordered>,
        {
            $this.start().with("$lte", value.to_operand())
        }

        /// `$gt`: a value is greater than `value`.
        pub fn gt(
            $($recv)+,
            value: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Ordered>,
        {
            $this.start().with("$gt", value.to_operand())
        }

        /// `$gte`: a value is at least `value`.
        pub fn gte(
            $($recv)+,
            value: impl Operand<Element<V>>,
        ) -> Condition<R, V>
        where
            V: FilterField<Value: Ordered>,
        {
            $this.start().with("$gte", value.to_operand())
        }

        /// `$not_empty: true`: the attribute (or property) has a value.
        pub fn not_empty($($recv)+) -> Condition<R, V>
        where
            V: FilterField<Value: FilterValue>,
        {
            $this.start().with("$not_empty", Value::Bool(true))
        }

        /// `$not_empty: false`: the attribute (or property) has no value.
        pub fn empty($($recv)+) -> Condition<R, V>
        where
            V: FilterField<Value: FilterValue>,
        {
            $this.start().with("$not_empty", Value::Bool(false))
        }
    };
}

impl<R, V> Attr<R, V> {
    operators!([&self] self);
}

impl<R, V> Condition<R, V> {
    operators!([self] self);

    /// The condition as a filter.
    pub fn into_filter(self) -> Filter<R> {
        Filter::raw(self.attr.constrain(self.ops))
    }
}

impl<R, V> From<Condition<R, V>> for Filter<R> {
    fn from(condition: Condition<R, V>) -> Self {
        condition.into_filter()
    }
}

impl<R, V> Clone for Condition<R, V> {
    fn clone(&self) -> Self {
        Self {
            attr: self.attr.clone(),
            ops: self.ops.clone(),
        }
    }
}

impl<R, V> fmt::Debug for Condition<R, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Condition")
            .field(self.clone().into_filter().as_json())
            .finish()
    }
}

impl<R, V, F: Into<Filter<R>>> BitAnd<F> for Condition<R, V> {
    type Output = Filter<R>;
    fn bitand(self, other: F) -> Filter<R> {
        self.into_filter().and(other)
    }
}

impl<R, V, F: Into<Filter<R>>> BitOr<F> for Condition<R, V> {
    type Output = Filter<R>;
    fn bitor(self, other: F) -> Filter<R> {
        self.into_filter().or(other)
    }
}

impl<R, V> Not for Condition<R, V> {
    type Output = Filter<R>;
    fn not(self) -> Filter<R> {
        !self.into_filter()
    }
}

/// A sort of a query on `R`: by an attribute, a property of it (`field`), or through
/// record references (`path`). Built by [`Attr::ascending`] and [`Attr::descending`], or
/// from Attio's JSON with [`Sort::raw`].
pub struct Sort<R> {
    json: Value,
    record: PhantomData<fn() -> R>,
}

impl<R> Sort<R> {
    /// A sort in Attio's JSON, sent as given.
    pub fn raw(json: Value) -> Self {
        Self {
            json,
            record: PhantomData,
        }
    }

    /// The sort's JSON.
    pub fn as_json(&self) -> &Value {
        &self.json
    }

    /// The sort's JSON, by value.
    pub fn into_json(self) -> Value {
        self.json
    }
}

impl<R> Clone for Sort<R> {
    fn clone(&self) -> Self {
        Self::raw(self.json.clone())
    }
}

impl<R> PartialEq for Sort<R> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<R> fmt::Debug for Sort<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Sort").field(&self.json).finish()
    }
}
