using Docket.Engines.Messages;
using Shouldly;
using Xunit;

namespace Docket.Engines.Tests;

/// <summary>Stdout lines as messages, and every way a line can fail to be one.</summary>
[Trait("Category", "Fast")]
public sealed class EngineMessageParserTests
{
    [Fact]
    public void Each_message_type_parses_with_its_members_in_any_order()
    {
        EngineMessageParser.Parse("""{"step":3,"type":"progress","total":10}""").ShouldBe(new EngineProgress { Step = 3, Total = 10 });
        var metrics = EngineMessageParser.Parse("""{"type":"metrics","step":3,"values":{"loss":0.5}}""").ShouldBeOfType<EngineMetrics>();
        metrics.Values["loss"].ShouldBe(0.5);
        EngineMessageParser.Parse("""{"type":"log","text":"hello"}""").ShouldBe(new EngineLog { Level = EngineLogLevel.Info, Text = "hello" });
        EngineMessageParser.Parse("""{"type":"log","level":"error","text":"boom"}""").ShouldBe(new EngineLog { Level = EngineLogLevel.Error, Text = "boom" });
        EngineMessageParser.Parse("""{"type":"result","status":"failed","reason":"why"}""").ShouldBe(new EngineResult { Status = EngineResultStatus.Failed, Reason = "why" });
        EngineMessageParser.Parse("""{"type":"ready"}""").ShouldBe(new EngineReady());
        var answer = EngineMessageParser.Parse("""{"fields":[{"name":"A","text":"1","confidence":1,"box":{"x":1,"y":2,"width":3,"height":4}}],"id":"7","type":"answer"}""")
            .ShouldBeOfType<EngineAnswer>();
        answer.Id.ShouldBe("7");
        answer.Fields!.Single().Box.ShouldBe(new EngineBox(1, 2, 3, 4));
    }

    [Theory]
    [InlineData("Epoch 1/3 loss=0.4")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"level\":\"info\",\"text\":\"no type\"}")]
    [InlineData("{\"type\":\"telemetry\"}")]
    [InlineData("{\"type\":\"progress\"}")]
    [InlineData("{\"type\":\"progress\",\"step\":\"three\"}")]
    [InlineData("{\"type\":\"metrics\",\"values\":{\"loss\":\"high\"}}")]
    [InlineData("{\"type\":\"metrics\",\"values\":{\"\":1}}")]
    [InlineData("{\"type\":\"log\",\"level\":\"loud\",\"text\":\"x\"}")]
    [InlineData("{\"type\":\"log\",\"level\":3,\"text\":\"x\"}")]
    [InlineData("{\"type\":\"answer\",\"id\":\"\"}")]
    [InlineData("{\"type\":\"answer\",\"id\":\"1\",\"fields\":[{\"name\":\"A\",\"confidence\":1.5}]}")]
    [InlineData("{\"type\":\"ready\",\"concurrency\":0}")]
    [InlineData("{\"type\":\"progress\",\"step\":1")]
    [InlineData("null")]
    public void A_line_that_is_not_a_message_becomes_a_warning_that_quotes_it(string line)
    {
        var warning = EngineMessageParser.Parse(line).ShouldBeOfType<EngineLog>();
        warning.Level.ShouldBe(EngineLogLevel.Warning);
        warning.Text.ShouldStartWith("engine wrote a line that is not a message");
        warning.Text.ShouldEndWith(line);
    }

    [Fact]
    public void A_warning_quotes_only_the_start_of_a_long_line()
    {
        var warning = EngineMessageParser.Parse(new string('x', 100_000)).ShouldBeOfType<EngineLog>();
        warning.Text.Length.ShouldBeLessThan(2 * EngineMessageParser.QuotedLength + 100);
    }
}
