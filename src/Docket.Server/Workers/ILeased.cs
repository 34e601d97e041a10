namespace Docket.Server.Workers;

/// <summary>A row that replicas take turns on through a <see cref="Lease"/>: who holds it, and until when.</summary>
public interface ILeased
{
    /// <summary>The holder (<see cref="Lease.NewOwner"/>), or null when nobody holds it.</summary>
    string? LeaseOwner { get; set; }

    /// <summary>When the hold lapses unless renewed (UTC); after it another replica may take the row over.</summary>
    DateTime? LeaseUntil { get; set; }
}
