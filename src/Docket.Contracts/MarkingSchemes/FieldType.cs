namespace Docket.Contracts.MarkingSchemes;

/// <summary>The type of a field's (or table column's) value; markings are checked against it.</summary>
public enum FieldType
{
    String,
    Number,
    Date,
    Money,
    Boolean,

    /// <summary>Rows of cells, one per column; only a field, never a column, may be a table.</summary>
    Table,

    /// <summary>A classifier scheme's field: one kind of document.</summary>
    DocumentType,
}
