namespace Docket.Contracts.DataSets;

/// <summary>Which part of a dataset an item is in.</summary>
public enum DataSetPart
{
    Train,
    Test,
}
