using Docket.Contracts.Journal;
using Docket.Events;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Journal;

/// <summary>
/// Walks the chain from the retention anchor to the head, recomputing every signature with the server secret.
/// A changed field breaks that record's signature; a removed record leaves a gap in the gap-free numbering;
/// a record slipped in breaks the next signature or lies beyond the head; an anchor moved without retention has no
/// 91000 record naming it. A checkpoint from outside the database (a SIEM's copy of an exported record, an earlier
/// verify, the checkpoint file) proves the chain has not lost its newest records since: the chain must still hold
/// the checkpoint's record, with the checkpoint's signature.
/// </summary>
public sealed class JournalVerifier(DocketDbContext db, JournalSigner signer)
{
    private const int Batch = 2000;

    public async Task<JournalVerification> VerifyAsync(JournalCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var head = await db.JournalHeads.AsNoTracking().SingleAsync(cancellationToken);
        var previousSignature = head.AnchorSignature;
        var expected = head.AnchorSequence + 1;
        long checkedCount = 0;
        JournalAnchor? vouched = null;
        string? checkpointSignature = null;
        CheckpointResult? witnessed = null;
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

                if (record.Code == (int)EventCode.JournalRecordsRemoved)
                {
                    vouched = JournalAnchor.Read(record.Data);
                }

                if (record.Sequence == checkpoint?.Sequence)
                {
                    checkpointSignature = record.Signature;
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

        if (head.AnchorSequence > 0 && (vouched?.AnchorSequence != head.AnchorSequence || vouched.AnchorSignature != head.AnchorSignature))
        {
            return Broken(new JournalViolation(head.AnchorSequence, null, "removed",
                $"The journal's start was moved to record {head.AnchorSequence} without a retention record (91000) naming it: "
                + $"records up to {head.AnchorSequence} were removed."));
        }

        witnessed = checkpoint is null ? null : Compare(checkpoint, checkpointSignature, head);
        return witnessed is { Holds: false }
            ? Broken(new JournalViolation(checkpoint!.Sequence, null, witnessed.Status == "missing" ? "removed" : "altered", witnessed.Detail))
            : new JournalVerification(true, checkedCount, head.AnchorSequence + 1, head.LastSequence, null, witnessed);

        JournalVerification Broken(JournalViolation violation) =>
            new(false, checkedCount, head.AnchorSequence + 1, head.LastSequence, violation, witnessed);
    }

    private static CheckpointResult Compare(JournalCheckpoint checkpoint, string? found, JournalHead head)
    {
        if (checkpoint.Sequence <= head.AnchorSequence)
        {
            return new(checkpoint.Sequence, "trimmed", true,
                $"Record {checkpoint.Sequence} was removed by retention (the chain starts after {head.AnchorSequence}): the checkpoint proves nothing now; take a newer one.");
        }

        if (found is null)
        {
            return new(checkpoint.Sequence, "missing", false,
                $"The checkpoint names record {checkpoint.Sequence}, but the journal ends at {head.LastSequence}: records were removed from its end and the head rewritten.");
        }

        return found == checkpoint.Signature
            ? new(checkpoint.Sequence, "contained", true, $"The chain still holds record {checkpoint.Sequence} as the checkpoint saw it.")
            : new(checkpoint.Sequence, "differs", false,
                $"Record {checkpoint.Sequence} is not the record the checkpoint saw: the journal was rewritten from there on.");
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
