using System.Net;

namespace RnnCourse.Tests.Data;

/// <summary>An HTTP handler that never touches the network: it answers from a function and counts the requests.</summary>
internal sealed class FakeHttpHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public int Requests { get; private set; }

    public static FakeHttpHandler Serving(byte[] content) =>
        new(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) });

    public static FakeHttpHandler Offline() =>
        new(_ => throw new HttpRequestException("Name or service not known (offline test)"));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        return respond(request);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}
