namespace Docket.Server.Export.Sinks;

/// <summary>
/// HEC's status codes and the text Splunk documents for each ("Format of HTTP Event Collector responses"): what an
/// operator reads in <c>lastError</c>, in place of whatever text the answer carried.
/// </summary>
internal static class HecCodes
{
    private static readonly Dictionary<int, string> Texts = new()
    {
        [0] = "Success",
        [1] = "Token disabled",
        [2] = "Token is required",
        [3] = "Invalid authorization",
        [4] = "Invalid token",
        [5] = "No data",
        [6] = "Invalid data format",
        [7] = "Incorrect index",
        [8] = "Internal server error",
        [9] = "Server is busy",
        [10] = "Data channel is missing",
        [11] = "Invalid data channel",
        [12] = "Event field is required",
        [13] = "Event field cannot be blank",
        [14] = "ACK is disabled",
        [15] = "Error in handling indexed fields",
        [16] = "Query string authorization is not enabled",
        [17] = "HEC is healthy",
        [18] = "HEC is unhealthy, queues are full",
        [19] = "HEC is unhealthy, ack service unavailable",
        [20] = "HEC is unhealthy, queues are full, ack service unavailable",
        [21] = "Invalid token",
        [22] = "Token disabled",
        [23] = "Server is shutting down",
        [24] = "Queue is nearing capacity",
        [25] = "ACK queue is nearing capacity",
        [26] = "Queue is at capacity",
        [27] = "ACK queue is at capacity",
    };

    public static string Text(int code) => Texts.TryGetValue(code, out var text) ? text : "a code this sink does not know";
}
