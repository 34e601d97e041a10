using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Journal;

/// <summary>
/// Walks the chain from the retention anchor to the head, recomputing every signature with the server secret.
/// A changed field breaks that record's signature; a removed record leaves a gap in the gap-free numbering;
/// a record slipped in breaks the next signature or lies beyond the head.
/// </summary>
public sealed class JournalVerifier(DocketDbContext db, JournalSigner signer)
{
    private const int Batch = 2000;

    public async Task<JournalVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var head = await db.JournalHeads.AsNoTracking().SingleAsync(cancellationToken);
        var previousSignature = head.AnchorSignature;
        var expected = head.AnchorSequence + 1;
        long checkedCount = 0;
        while (true)
        {
            var after = expected - 1;
            var batch = await db.JournalRecords.AsNoTracking()
                .Where(r => r.Sequence > after)
                .OrderBy(r => r.Sequence)
                .Take(Batch)
                .ToListAsync(cancellationToken);
            foreach (var record in batch)
            {
                if (record.Sequence > head.LastSequence)
                {
                    return Broken(new JournalViolation(record.Sequence, record.Id, "inserted",
                        $"Record {record.Sequence} lies beyond the journal head ({head.LastSequence}): it was not appended by Docket."));
                }

                if (record.Sequence != expected)
                {
                    return Broken(new JournalViolation(expected, null, "removed",
                        $"Records {expected} to {record.Sequence - 1} are missing."));
                }

                if (!signer.Verify(record, previousSignature))
                {
                    // When the next record, numbered back into this one's place, continues the chain, this record
                    // was slipped in and the rest renumbered; otherwise this record itself was changed.
                    var problem = await NextContinuesChainAsync(record, previousSignature, cancellationToken) ? "inserted" : "altered";
                    return Broken(new JournalViolation(record.Sequence, record.Id, problem,
                        $"Record {record.Sequence} ({record.Name}) does not match its signature."));
                }

                previousSignature = record.Signature;
                expected++;
                checkedCount++;
            }

            if (batch.Count < Batch)
            {
                break;
            }
        }

        if (expected - 1 < head.LastSequence)
        {
            return Broken(new JournalViolation(expected, null, "removed",
                $"Records {expected} to {head.LastSequence} are missing from the end of the journal."));
        }

        if (checkedCount > 0 && previousSignature != head.LastSignature)
        {
            return Broken(new JournalViolation(expected - 1, null, "altered", "The last record does not match the journal head's signature."));
        }

        return new JournalVerification(true, checkedCount, head.AnchorSequence + 1, head.LastSequence, null);

        JournalVerification Broken(JournalViolation violation) =>
            new(false, checkedCount, head.AnchorSequence + 1, head.LastSequence, violation);
    }

    private async Task<bool> NextContinuesChainAsync(JournalRecord suspect, string previousSignature, CancellationToken cancellationToken)
    {
        var next = await db.JournalRecords.AsNoTracking()
            .Where(r => r.Sequence > suspect.Sequence)
            .OrderBy(r => r.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is null)
        {
            return false;
        }

        next.Sequence = suspect.Sequence;
        return signer.Verify(next, previousSignature);
    }
}
