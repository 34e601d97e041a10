namespace Docket.Server.Common;

/// <summary>A service's answer: a value or an <see cref="ApiError"/>. Expected failures are results, not exceptions.</summary>
public readonly struct Result<T>
{
    private Result(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public ApiError? Error { get; }

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(ApiError error) => new(default, error);
}
