namespace Docket.Archives;

/// <summary>
/// Thrown by an entry's stream when its bytes are not what the archive says they are: a CRC-32 that does not match,
/// more or fewer inflated bytes than declared, or a damaged local header. Only that entry is damaged; the rest of the
/// archive may still be read. The message is the reason, worded to follow the entry's name.
/// </summary>
public sealed class ZipEntryDamagedException(string entryName, string message) : IOException(message)
{
    public string EntryName { get; } = entryName;
}
