using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Docket.Server.Storage;

/// <summary>
/// Every <see cref="DateTime"/> Docket stores is UTC, but SQLite (text) and PostgreSQL (<c>timestamp</c> read back
/// without a kind) hand them back as <see cref="DateTimeKind.Unspecified"/>. One converter on every DateTime property
/// marks them UTC as they are read, so answers, envelopes and comparisons need no <c>SpecifyKind</c> of their own.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value,
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
