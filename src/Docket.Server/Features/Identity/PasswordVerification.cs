namespace Docket.Server.Features.Identity;

public enum PasswordVerification
{
    Failed,
    Success,
    SuccessRehashNeeded,
}
