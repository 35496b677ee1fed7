import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, paginate, type GridhubContext } from '@gridhub/kit';
import { requireDeviceReader } from '../complex/complex.resolver';
import { Community, communityRef, Grid, gridRef } from '../federated/federated.type';
import { VideoSourceEntity } from './video-source.entity';
import { VideoSource, VideoSourceKind } from './video-source.type';

const VideoSourceConnection = Connection(VideoSource);

@InputType({ description: 'All given conditions must hold' })
class VideoSourceFilter {
  @Field(() => [VideoSourceKind], { nullable: true, description: 'Any of these kinds' }) kind?: VideoSourceKind[];
  @Field(() => ID, { nullable: true }) communityId?: string;
  @Field(() => ID, { nullable: true }) gridId?: string;
  @Field({ nullable: true }) online?: boolean;
}

@ArgsType()
class VideoSourcesArgs extends PageArgs {
  @Field(() => VideoSourceFilter, { nullable: true }) filter?: VideoSourceFilter;
}

@Resolver(() => VideoSource)
export class VideoSourceResolver {
  @Query(() => VideoSourceConnection, { description: 'Video streams outside the complexes (village roads, forest, railway, river bank) you may see' })
  videoSources(@Args() { filter, first, after }: VideoSourcesArgs, @Ctx() ctx: GridhubContext) {
    requireDeviceReader(ctx);
    const qb = ctx.data.query(VideoSourceEntity, 'v');
    if (filter?.kind?.length) qb.andWhere('v.kind IN (:...kinds)', { kinds: filter.kind });
    if (filter?.communityId) qb.andWhere('v.communityId = :communityId', { communityId: Number(filter.communityId) });
    if (filter?.gridId) qb.andWhere('v.gridId = :gridId', { gridId: Number(filter.gridId) });
    if (filter?.online != null) qb.andWhere('v.online = :online', { online: filter.online });
    return paginate(qb, { first, after }, { idColumn: 'v.id' });
  }

  @FieldResolver(() => Grid)
  grid(@Root() v: VideoSource): Grid {
    return gridRef(v.gridId);
  }

  @FieldResolver(() => Community)
  community(@Root() v: VideoSource): Community {
    return communityRef(v.communityId);
  }
}
