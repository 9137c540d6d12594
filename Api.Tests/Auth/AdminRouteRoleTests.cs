using System.Net;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;
using static Cms.Api.Tests.Auth.AdminAction;

namespace Cms.Api.Tests.Auth;

public enum AdminAction
{
    CreateStation, ReplaceStation, PatchStation, DeleteStation,
    CreateChannel, ReplaceChannel, PatchChannel, DeleteChannel,
    CreateAuthor, ReplaceAuthor, PatchAuthor, DeleteAuthor,
}

/// <summary>Stations, channels and authors are the admin's: every write to them, for every role and without a key.
/// (Keys and the audit log: see Features/Keys/KeyRouteAccessTests.)</summary>
public sealed class AdminRouteRoleTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    public static IEnumerable<TestCaseData> RefusedCases() =>
        from action in Enum.GetValues<AdminAction>()
        from role in AccessApi.RolesBelowAdmin
        select new TestCaseData(role, action).SetName($"{(role == "contributor" ? "A" : "An")}_{role}_may_not_{Phrase(action)}");

    public static IEnumerable<TestCaseData> AdminCases() =>
        Enum.GetValues<AdminAction>().Select(action => new TestCaseData(action).SetName($"An_admin_may_{Phrase(action)}"));

    public static IEnumerable<TestCaseData> AnonymousCases() =>
        Enum.GetValues<AdminAction>().Select(action => new TestCaseData(action).SetName($"Without_a_key_no_one_may_{Phrase(action)}"));

    [TestCaseSource(nameof(RefusedCases))]
    public async Task Roles_below_admin_are_refused_and_nothing_changes(string role, AdminAction action)
    {
        var key = await Admin.KeyAsync(role);
        using var client = ClientWithKey(key.Secret);
        var target = await ArrangeAsync(action);
        var before = await target.Observe();

        var res = await target.Act(client);

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("admin"));
        Assert.That(await target.Observe(), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(AdminCases))]
    public async Task An_admin_key_may_write(AdminAction action)
    {
        var key = await Admin.KeyAsync("admin");
        using var client = ClientWithKey(key.Secret);
        var target = await ArrangeAsync(action);
        var before = await target.Observe();

        var res = await target.Act(client);

        Assert.That(res.StatusCode, Is.EqualTo(target.Success), await res.Content.ReadAsStringAsync());
        Assert.That(await target.Observe(), Is.Not.EqualTo(before));
    }

    [TestCaseSource(nameof(AnonymousCases))]
    public async Task A_request_without_a_key_is_401_and_nothing_changes(AdminAction action)
    {
        var target = await ArrangeAsync(action);
        var before = await target.Observe();

        var res = await target.Act(Anonymous);

        await res.ExpectUnauthorizedAsync();
        Assert.That(await target.Observe(), Is.EqualTo(before));
    }

    /// <summary>A write, its answer on success, and what an admin sees of the thing it writes (which a refusal leaves as it was).</summary>
    sealed record Target(Func<HttpClient, Task<HttpResponseMessage>> Act, Func<Task<string>> Observe, HttpStatusCode Success);

    async Task<Target> ArrangeAsync(AdminAction action)
    {
        switch (action)
        {
            case CreateStation:
            {
                var slug = Given.UniqueSlug("baicheng");
                return new(c => c.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug, name = "白城站" }), () => Admin.SlugsTextAsync(ApiRoutes.For(ListStationsRequest.Route)),
                    HttpStatusCode.Created);
            }
            case ReplaceStation or PatchStation or DeleteStation:
            {
                var station = await Given.StationAsync();
                var url = ApiRoutes.For(GetStationRequest.Route, station["id"]!);
                return new(c => action switch
                {
                    ReplaceStation => c.PutJsonAsync(url, new { slug = (string)station["slug"]!, name = "白城站" }),
                    PatchStation => c.MergePatchAsync(url, new { name = "白城站" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url), action == DeleteStation ? HttpStatusCode.NoContent : HttpStatusCode.OK);
            }
            case CreateChannel:
            {
                var station = await Given.StationAsync();
                var url = ApiRoutes.For(CreateChannelRequest.Route, station["id"]!);
                return new(c => c.PostJsonAsync(url, new { slug = Given.UniqueSlug("shizheng"), name = "时政" }), () => Admin.SlugsTextAsync(url),
                    HttpStatusCode.Created);
            }
            case ReplaceChannel or PatchChannel or DeleteChannel:
            {
                var station = await Given.StationAsync();
                var channel = await Given.ChannelAsync((long)station["id"]!);
                var url = ApiRoutes.For(GetChannelRequest.Route, channel["id"]!);
                return new(c => action switch
                {
                    ReplaceChannel => c.PutJsonAsync(url, new { slug = (string)channel["slug"]!, name = "时政" }),
                    PatchChannel => c.MergePatchAsync(url, new { name = "时政" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url), action == DeleteChannel ? HttpStatusCode.NoContent : HttpStatusCode.OK);
            }
            case CreateAuthor:
            {
                var slug = Given.UniqueSlug("mu-wenshu");
                return new(c => c.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug, name = "穆汶姝" }), () => Admin.SlugsTextAsync(ApiRoutes.For(ListAuthorsRequest.Route)),
                    HttpStatusCode.Created);
            }
            case ReplaceAuthor or PatchAuthor or DeleteAuthor:
            {
                var author = await Given.AuthorAsync("李雪");
                var url = ApiRoutes.For(GetAuthorRequest.Route, author["id"]!);
                return new(c => action switch
                {
                    ReplaceAuthor => c.PutJsonAsync(url, new { slug = (string)author["slug"]!, name = "穆汶姝" }),
                    PatchAuthor => c.MergePatchAsync(url, new { name = "穆汶姝" }),
                    _ => c.DeleteAsync(url),
                }, () => Admin.SnapshotTextAsync(url), action == DeleteAuthor ? HttpStatusCode.NoContent : HttpStatusCode.OK);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    static string Phrase(AdminAction action) => action switch
    {
        CreateStation => "create_a_station",
        ReplaceStation => "replace_a_station",
        PatchStation => "patch_a_station",
        DeleteStation => "delete_a_station",
        CreateChannel => "create_a_channel",
        ReplaceChannel => "replace_a_channel",
        PatchChannel => "patch_a_channel",
        DeleteChannel => "delete_a_channel",
        CreateAuthor => "create_an_author",
        ReplaceAuthor => "replace_an_author",
        PatchAuthor => "patch_an_author",
        DeleteAuthor => "delete_an_author",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
