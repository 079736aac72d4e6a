import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import type { Newsroom } from './newsroom/newsroom';

/** The newsroom methods of the contract (newsroom/newsroom.ts does the work). */
export interface NewsroomService {
  getNewsroom(input: ApiParsedInput<'getNewsroom'>): ApiOutput<'getNewsroom'>;
  connectNewsroom(input: ApiParsedInput<'connectNewsroom'>): Promise<ApiOutput<'connectNewsroom'>>;
  disconnectNewsroom(input: ApiParsedInput<'disconnectNewsroom'>): ApiOutput<'disconnectNewsroom'>;
}

export function createNewsroomService(newsroom: Newsroom): NewsroomService {
  return {
    getNewsroom: () => newsroom.status(),
    connectNewsroom: ({ url, token, allowUnencrypted }) => newsroom.connect({ url, token, allowUnencrypted }),
    disconnectNewsroom: () => newsroom.disconnect(),
  };
}
